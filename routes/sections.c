/* SPDX-License-Identifier: MIT */
/* The titles of the index page's sections (enum hb_section), apart from the
 * table: the pages that read them are rows of it. */
#include "route.h"

const char *const hb_section_titles[HB_SECTION_COUNT] = {
    [HB_SECTION_SERVICE] = "This service",
    [HB_SECTION_METHODS] = "HTTP methods",
    [HB_SECTION_REQUEST] = "Request inspection",
    [HB_SECTION_STATUS] = "Status codes",
    [HB_SECTION_AUTH] = "Auth",
    [HB_SECTION_REDIRECTS] = "Redirects",
    [HB_SECTION_COOKIES] = "Cookies",
    [HB_SECTION_RESPONSE] = "Response inspection",
    [HB_SECTION_FORMATS] = "Response formats",
    [HB_SECTION_IMAGES] = "Images",
    [HB_SECTION_DYNAMIC] = "Dynamic data",
};
