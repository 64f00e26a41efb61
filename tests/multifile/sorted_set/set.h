/* set.h - a sorted set of longs (a linked list), ordered by its cmp field */
#ifndef SET_H
#define SET_H

struct node {
    long key;
    struct node *next;
};

struct set {
    struct node *head;
    long size;
    int (*cmp)(long, long);     /* < 0, 0, > 0 like strcmp */
};

void set_init(struct set *s);
void set_init_cmp(struct set *s, int (*cmp)(long, long));
int set_insert(struct set *s, long key);     /* 1 if added */
int set_remove(struct set *s, long key);     /* 1 if removed */
long set_check(struct set *s);               /* size, or -1 if unsorted or miscounted */
long set_first(struct set *s);

/* keys.c */
int by_value(long a, long b);
int by_reverse(long a, long b);

#endif
