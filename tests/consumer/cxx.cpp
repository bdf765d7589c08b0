// The public headers compile as C++ (extern "C", no C-only constructs) and link.
#include <claimgraph/claimgraph.h>
#include <cstdio>

int main()
{
    cg_view_options vo;
    cg_view_options_init(&vo);
    cg_filter f = CG_FILTER_INIT;
    vo.filter = f;
    std::printf("claimgraph %s (headers %s)\n", cg_version(), CG_VERSION_STRING);
    return cg_version_number() == CG_VERSION_NUMBER ? 0 : 1;
}
