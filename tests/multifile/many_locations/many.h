/* many.h - 20 arrays (arrays.c) and 48 scalars (scalars.c), all extern */
#ifndef MANY_H
#define MANY_H

#define LEN 16

extern long a0[LEN], a1[LEN], a2[LEN], a3[LEN], a4[LEN], a5[LEN], a6[LEN], a7[LEN], a8[LEN], a9[LEN];
extern long a10[LEN], a11[LEN], a12[LEN], a13[LEN], a14[LEN], a15[LEN], a16[LEN], a17[LEN], a18[LEN], a19[LEN];
extern long s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
extern long s12, s13, s14, s15, s16, s17, s18, s19, s20, s21, s22, s23;
extern long s24, s25, s26, s27, s28, s29, s30, s31, s32, s33, s34, s35;
extern long s36, s37, s38, s39, s40, s41, s42, s43, s44, s45, s46, s47;

void bump_all(unsigned k);      /* arrays.c: one block, every array and scalar */
long array_sum(int which);

#endif
