/* SPDX-License-Identifier: MIT */
/* httpbin-c: the program is libhttpbin's httpbin_main, so the binary and
 * the embedded server are one code. */
#include "httpbin.h"

int main(int argc, char **argv)
{
    return httpbin_main(argc, argv);
}
