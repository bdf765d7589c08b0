/* claimgraph: the command-line tool. All logic lives in cli.c and cmd_*.c. */
#include "cli.h"

int main(int argc, char **argv)
{
    cg_output_install_signal_handlers();
    return cg_cli_main(argc, argv);
}
