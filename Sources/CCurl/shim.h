#ifndef POMCLAW_CCURL_SHIM_H
#define POMCLAW_CCURL_SHIM_H
#include <curl/curl.h>
#endif
