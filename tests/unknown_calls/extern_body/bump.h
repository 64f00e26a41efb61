/* bump.h - functions of bump.c, which is compiled by plain gcc: atomicc never sees their bodies */
#ifndef BUMP_H
#define BUMP_H

void bump(long *p);                 /* ++*p */
void bump_named(void);              /* named++, by name */
void remember(long *p);             /* keeps p ... */
void bump_remembered(void);         /* ... and bumps *p later */
void (*get_bumper(void))(long *);   /* a pointer to a static function of bump.c */

#endif
