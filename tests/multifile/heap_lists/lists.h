/* lists.h - sorted lists of heap items */
#ifndef LISTS_H
#define LISTS_H

struct item {
    long value;
    struct item *next;
};

struct list {
    struct item *head;
    long n;
};

#define NLISTS 4
extern struct list lists[NLISTS];        /* lists.c */

struct item *item_new(long value);       /* alloc.c */
void item_free(struct item *it);
long items_live(void);

void list_insert(struct list *l, struct item *it);   /* sorted, own block */
struct item *list_pop(struct list *l);               /* smallest, own block */
int list_delete(struct list *l, long value);         /* frees it, own block */
long list_check(struct list *l);                     /* n, or -1 if unsorted/miscounted */

#endif
