/* detector.c - the attack signatures (upper case, so random lower-case
 * payload never matches by chance) and a naive scanner. */
#include <string.h>
#include "detector.h"

static const char *const signatures[] = {
    "GET-ETC-PASSWD", "NOP-SLED-0x90", "DROP-TABLE-USERS", "ROOTKIT-LOADER",
    "CMD-EXE-REVERSE", "HEAP-SPRAY-41414141",
};

int detector_count(void)
{
    return (int)(sizeof signatures / sizeof signatures[0]);
}

const char *detector_signature(int i)
{
    return signatures[i];
}

int detector_scan(const char *data, int len)
{
    for (int s = 0; s < detector_count(); s++) {
        const char *sig = signatures[s];
        int sl = (int)strlen(sig);
        for (int i = 0; i + sl <= len; i++)
            if (data[i] == sig[0] && memcmp(data + i, sig, (size_t)sl) == 0)
                return s;
    }
    return -1;
}
