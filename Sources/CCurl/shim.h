#ifndef POMCLAW_CCURL_SHIM_H
#define POMCLAW_CCURL_SHIM_H
#include <curl/curl.h>

/*
 * Typed wrappers for libcurl's variadic entry points. Swift cannot call a C variadic function,
 * and passing the wrong type through `...` is undefined behaviour; each wrapper fixes the type
 * of the third argument so the compiler checks it.
 */

/* curl_global_init with the default flags (macros Swift cannot import). */
static inline CURLcode pomclaw_curl_global_init(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* The size libcurl requires of a CURLOPT_ERRORBUFFER buffer. */
static inline size_t pomclaw_curl_error_size(void) {
    return CURL_ERROR_SIZE;
}

/* curl_easy_setopt for options of type long (flags, timeouts, sizes that fit a long). */
static inline CURLcode pomclaw_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/* curl_easy_setopt for options of type char * (libcurl copies the string, except POSTFIELDS). */
static inline CURLcode pomclaw_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/* curl_easy_setopt for options of type void * (userdata, error buffer, CURLU handle). */
static inline CURLcode pomclaw_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/* curl_easy_setopt for options of type curl_off_t (e.g. CURLOPT_POSTFIELDSIZE_LARGE). */
static inline CURLcode pomclaw_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/* curl_easy_setopt for options taking a struct curl_slist * (e.g. CURLOPT_HTTPHEADER). */
static inline CURLcode pomclaw_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/* curl_easy_setopt for CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION. */
static inline CURLcode pomclaw_curl_easy_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback value) {
    return curl_easy_setopt(handle, option, value);
}

/* curl_easy_getinfo for information of type long (e.g. CURLINFO_RESPONSE_CODE). */
static inline CURLcode pomclaw_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

/* curl_easy_getinfo for information of type char * (owned by the handle; do not free). */
static inline CURLcode pomclaw_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

/* The result code of a CURLMSG_DONE message (a member of an anonymous union). */
static inline CURLcode pomclaw_curl_msg_result(const CURLMsg *message) {
    return message->data.result;
}

#endif
