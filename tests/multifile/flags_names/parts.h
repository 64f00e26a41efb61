/* parts.h - three different things called `flags` */
#ifndef PARTS_H
#define PARTS_H

#define NK 8

/* hdr.c: a bit-field named flags, only touched outside atomic blocks */
struct hdr {
    unsigned flags : 3;
    unsigned kind : 5;
    long seq;               /* an ordinary member, updated in blocks */
};
extern struct hdr hdrs[NK];
void hdr_init(void);
void hdr_touch(int k);
int hdr_bits_ok(void);
long hdr_seq_total(void);

/* state.c: a long named flags, one bit per key, taken in a retrying block */
extern long flags;
extern long owner[NK];
void take_bit(int k, long id);
void drop_bit(int k, long id);
long state_broken(void);

/* msg.c: a short member named flags */
struct msg {
    short flags;
    short len;
    long total;
};
extern struct msg msgs[NK];
void msg_mark(int k);

#endif
