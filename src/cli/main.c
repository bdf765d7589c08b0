/* claimgraph: the command-line tool. All logic lives in cli.c and cmd_*.c. */
#include "cli.h"

int main(int argc, char **argv)
{
    cg_cli_setup_process();
    return cg_cli_main(argc, argv);
}
