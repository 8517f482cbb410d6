/* A DFileSystemImageEvents sink for the tests: an IDispatch whose Invoke is the test's own function.
 * The sink lives in the test's storage (a local, or the first part of the test's own sink struct):
 * AddRef and Release only count, so a test can check that the image gave back every reference it took
 * (ref back to 1 after Unadvise).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef EVENT_SINK_H
#define EVENT_SINK_H

#include "testlib.h"

struct event_sink;
/* IDispatch::Invoke as the image calls it; what it returns goes back to the image. */
typedef HRESULT (*event_sink_invoke)(struct event_sink *sink, DISPID member, WORD flags, DISPPARAMS *params,
                                     EXCEPINFO *excep);

struct event_sink {
    IDispatch IDispatch_iface;
    LONG ref;
    event_sink_invoke invoke;
};

/* A sink with one reference (the test's) that answers IUnknown, IDispatch and DFileSystemImageEvents. */
void event_sink_init(struct event_sink *sink, event_sink_invoke invoke);

#endif
