/* SPDX-License-Identifier: MIT */
/* The libmicrohttpd callbacks: request in, route, handler, response out. */
#ifndef HB_DISPATCH_H
#define HB_DISPATCH_H

#include <microhttpd.h>

/* MHD_OPTION_URI_LOG_CALLBACK: creates the request (cls: struct hb_server). */
void *hb_dispatch_begin(void *cls, const char *uri, struct MHD_Connection *conn);
/* MHD_AccessHandlerCallback (cls: struct hb_server). */
enum MHD_Result hb_dispatch_request(void *cls, struct MHD_Connection *conn,
                                    const char *url, const char *method,
                                    const char *version, const char *upload_data,
                                    size_t *upload_size, void **con_cls);
/* MHD_OPTION_NOTIFY_COMPLETED: logs and frees the request. */
/* MHD_OPTION_NOTIFY_CONNECTION: per-connection state, and the request MHD
 * refused before handing it over, freed at close. */
void hb_dispatch_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                            enum MHD_ConnectionNotificationCode code);
void hb_dispatch_end(void *cls, struct MHD_Connection *conn, void **con_cls,
                     enum MHD_RequestTerminationCode toe);

#endif
