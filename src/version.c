/* The library's version, at run time (claimgraph/version.h has it at compile time). */
#include "claimgraph/claimgraph.h"

const char *cg_version(void) { return CG_VERSION_STRING; }

unsigned long cg_version_number(void) { return CG_VERSION_NUMBER; }
