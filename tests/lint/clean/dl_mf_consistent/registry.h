/* registry.h -- interface between users.c and groups.c (clean/dl_mf_consistent). */
#ifndef REGISTRY_H
#define REGISTRY_H
void group_touch(int gid);    /* takes groups_lock */
void add_user_to_group(int uid, int gid);
void rename_group(int gid);
#endif
