/* The end-of-test check that every object of imapi2fs.dll the test made is gone: DllCanUnloadNow of the
 * loaded DLL must answer S_OK.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef UNLOAD_CHECK_H
#define UNLOAD_CHECK_H

/* ok()s that imapi2fs.dll is loaded and its DllCanUnloadNow gives S_OK; `when` names the moment. */
void check_unload_now(const char *when);

#endif
