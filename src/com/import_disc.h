/* An fsi_disc (src/core/import.h) over the import recorder of a multisession object: the previous
 * session's sectors, read with READ(10) through IDiscRecorder2Ex::SendCommandGetDataFromDevice.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef IMPORT_DISC_H
#define IMPORT_DISC_H

#include "fsimage_private.h"
#include "../core/import.h" /* fsi_disc: how the core reads sectors */

/* Opens the disc of a multisession object: session_start = StartAddressOfPreviousSession, end =
 * LastWrittenAddressOfPreviousSession + 1 (0 on a disc without a previous session). Fails, with
 * IErrorInfo set, with IMAPI_E_BAD_MULTISESSION_PARAMETER when a property or the recorder cannot be had. */
HRESULT import_disc_open_multisession(IMultisessionSequential *session, fsi_disc *disc);
/* The same over a recorder alone (IdentifyFileSystemsOnDisc's argument): the disc from sector 0, as far as
 * the recorder reads. */
HRESULT import_disc_open_recorder(IDiscRecorder2 *recorder, fsi_disc *disc);
void import_disc_close_recorder(fsi_disc *disc);

#endif
