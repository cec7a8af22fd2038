// SPDX-License-Identifier: GPL-2.0-only
/* The tracepoints of swb_trace.h, instantiated once for the module. */
#define CREATE_TRACE_POINTS
#include "swb_trace.h"
