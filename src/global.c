/* The library's only process-wide settings: the out-of-memory handler and the policy on the
 * process-wide settings of its dependencies (see claimgraph.h, "Global state and threads"). */
#include "claimgraph/claimgraph.h"
#include "util.h"

static unsigned state_policy;

void cg_set_oom_handler(cg_oom_handler fn, void *ud) { cg__set_oom_hook(fn, ud); }

void cg_set_process_state_policy(unsigned keep) { state_policy = keep; }

unsigned cg_process_state_policy(void) { return state_policy; }
