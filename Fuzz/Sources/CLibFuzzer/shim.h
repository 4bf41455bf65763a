// libFuzzer's driver, linked in by -sanitize=fuzzer. SwiftPM gives each executable its own
// entry point (`main` is defined as `<Target>_main`), so libFuzzer's `main` is not used and the
// targets start the driver themselves.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
