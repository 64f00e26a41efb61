/*
 * arrays.c - the 20 arrays, and the block that bumps one element of each
 * (at an index computed from k) and every scalar of scalars.c.
 */
#include "many.h"

long a0[LEN], a1[LEN], a2[LEN], a3[LEN], a4[LEN], a5[LEN], a6[LEN], a7[LEN], a8[LEN], a9[LEN];
long a10[LEN], a11[LEN], a12[LEN], a13[LEN], a14[LEN], a15[LEN], a16[LEN], a17[LEN], a18[LEN], a19[LEN];

void bump_all(unsigned k)
{
    atomic {
        a0[(k + 0u) % LEN]++;
        a1[(k + 3u) % LEN]++;
        a2[(k + 6u) % LEN]++;
        a3[(k + 9u) % LEN]++;
        a4[(k + 12u) % LEN]++;
        a5[(k + 15u) % LEN]++;
        a6[(k + 18u) % LEN]++;
        a7[(k + 21u) % LEN]++;
        a8[(k + 24u) % LEN]++;
        a9[(k + 27u) % LEN]++;
        a10[(k + 30u) % LEN]++;
        a11[(k + 33u) % LEN]++;
        a12[(k + 36u) % LEN]++;
        a13[(k + 39u) % LEN]++;
        a14[(k + 42u) % LEN]++;
        a15[(k + 45u) % LEN]++;
        a16[(k + 48u) % LEN]++;
        a17[(k + 51u) % LEN]++;
        a18[(k + 54u) % LEN]++;
        a19[(k + 57u) % LEN]++;
        s0++; s1++; s2++; s3++; s4++; s5++; s6++; s7++;
        s8++; s9++; s10++; s11++; s12++; s13++; s14++; s15++;
        s16++; s17++; s18++; s19++; s20++; s21++; s22++; s23++;
        s24++; s25++; s26++; s27++; s28++; s29++; s30++; s31++;
        s32++; s33++; s34++; s35++; s36++; s37++; s38++; s39++;
        s40++; s41++; s42++; s43++; s44++; s45++; s46++; s47++;
    }
}

long array_sum(int which)
{
    static long *const all[20] = {
        a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14,
        a15, a16, a17, a18, a19
    };
    long s = 0;
    atomic {
        for (int i = 0; i < LEN; i++)
            s += all[which][i];
    }
    return s;
}
