"""Data races: pairs of accesses that can run at the same time with no common lock.

Input: the lock-set analysis (locksets.py), which ran every thread from its
entry and recorded each access to memory that can be shared, with the locks
held, whether it is inside an atomic block, and which threads its own thread
had started and not joined at that moment.  Two accesses race when

* they can touch the same memory (their terms may alias: same alias class
  and overlapping fields, and not two different named objects or constant
  elements);
* at least one writes, and they are not both inside atomic blocks (atomic
  blocks exclude each other; a mutex does not exclude a block);
* no lock is held by both (a read lock held by both sides does not exclude
  anything; a lock that is only known up to its alias class counts);
* their threads can overlap (`ThreadRelation.parallel`: pthread_create and
  pthread_join order, threads started in loops, partial joins);
* neither runs in a `pthread_once` initialiser, and a local's two accesses
  are not each in its own thread's frame.

Returns `Race`s sorted by location; prints nothing.
"""

from .locksets import is_precise, may_alias, root_of, term_class


class ThreadRelation:
    """Which threads (a Spawn, or "main" for the entry thread) can run at the same time."""

    def __init__(self, info):
        self.info = info
        self.closure = info.thread_contexts()
        self.funcs = {t: {c.func for c in cs} for t, cs in self.closure.items()}
        self._chain = {}

    def creator(self, t):
        if t == "main":
            return None
        cs = [c for c in t.creators if c is not t]
        if not cs:
            return "main"
        return sorted(cs, key=_tkey)[0]

    def chain(self, t):
        out = self._chain.get(t if t == "main" else id(t))
        if out is None:
            out, seen = [], set()
            while t is not None and (t if t == "main" else id(t)) not in seen:
                seen.add(t if t == "main" else id(t))
                out.append(t)
                t = self.creator(t)
            if out[-1] != "main":
                out.append("main")
            self._chain[out[0] if out[0] == "main" else id(out[0])] = out
        return out

    def parallel(self, t1, live1, t2, live2):
        """Can an event of thread t1 (its own started threads `live1`) overlap one of t2?"""
        if t1 is t2 or (t1 == "main" and t2 == "main"):
            return t1 != "main" and t1.multi
        c1, c2 = self.chain(t1), self.chain(t2)
        if any(x in c2 for x in [t1]) and t1 is not t2:
            child = c2[c2.index(t1) - 1]
            return child in live1
        if t2 in c1:
            child = c1[c1.index(t2) - 1]
            return child in live2
        common = next((x for x in c1 if x in c2), "main")
        a = c1[c1.index(common) - 1] if common in c1 and c1.index(common) > 0 else t1
        b = c2[c2.index(common) - 1] if common in c2 and c2.index(common) > 0 else t2
        if a is b:
            return a != "main" and a.multi
        if a == "main" or b == "main":
            return True
        return a in b.live_before or b in a.live_before

    def runs(self, t, func):
        return func in self.funcs.get(t, ())

    def describe(self, t):
        if t == "main":
            return "in the main thread"
        roots = ", ".join("'%s'" % r.name for r in t.roots) or "a thread"
        f, line, _, _ = t.unit.sm.location(t.node.start)
        return "in thread %s started at %s:%d" % (roots, f, line)


def _tkey(t):
    return (-1, 0) if t == "main" else (t.unit.index, t.node.start)


class Race:
    __slots__ = ("first", "first_thread", "second", "second_thread")

    def __init__(self, first, first_thread, second, second_thread):
        self.first, self.first_thread = first, first_thread
        self.second, self.second_thread = second, second_thread


def _once_ordered(e1, e2):
    """An access in a pthread_once initialiser is ordered before everything after its
    pthread_once call, and one initialiser runs once per control object; two initialisers
    under different control objects can run at the same time."""
    if e1.once and e2.once:
        return e1.once == e2.once
    return bool(e1.once or e2.once)


def _inherited(t):
    """Locks a thread's creator holds over its whole life (`lock(m); create(t); join(t); unlock(m);`)."""
    if t == "main" or not t.inherit or not t.joined_paths or t.multi:
        return ()
    return t.inherit


def _inherited_pair(t1, t2):
    """The creator's locks count for a thread only against a third thread that takes them itself:
    not against the creator (which holds them) nor a sibling started in the same region."""
    x1 = _inherited(t1) if t1 == "main" or t2 not in t1.creators else ()
    x2 = _inherited(t2) if t2 == "main" or t1 not in t2.creators else ()
    if x1 and x2:
        return (), ()
    return x1, x2


def _protected(pa, e1, e2, extra1=(), extra2=()):
    """Do the two accesses hold one lock (not both only for reading)?

    A lock known only up to its alias class, or an element of a lock array at
    an unknown index, is the same lock at both accesses only where that is
    the usual design: a lock embedded in the objects it protects (the lock's
    class is the data's), or a lock array striped like the data (both
    accessed at unknown indexes).  `m = c ? &a : &b; lock(m); g++;` does not
    protect `g` (recall first)."""
    for h1 in (e1.held | frozenset(extra1)) if extra1 else e1.held:
        if h1.kind == "atomic" or not _trusted(pa, h1, e1):
            continue
        for h2 in (e2.held | frozenset(extra2)) if extra2 else e2.held:
            if h2.kind == "atomic" or (h1.mode == "r" and h2.mode == "r") or not _trusted(pa, h2, e2):
                continue
            if h1.term == h2.term:
                return True
            if h1.kind == h2.kind and (not is_precise(h1.term) or not is_precise(h2.term)) \
                    and may_alias(pa, h1.term, h2.term):
                return True
    return False


def _trusted(pa, h, ev):
    """May lock entry h be taken as a must-lock for access ev?"""
    t = h.term
    if is_precise(t):
        return True
    if root_of(t)[0] == "c":
        lc, dc = term_class(pa, t), term_class(pa, ev.term)
        return lc is not None and dc is not None and lc[0] is dc[0]
    # an element of a lock array at an unknown index: striped data at an unknown index too
    return _unknown_element(ev.term)


def _unknown_element(t):
    while t[0] in (".", "[]"):
        if t[0] == "[]" and t[2] is None:
            return True
        t = t[1]
    return t[0] == "c" and bool(t[2]) and t[2][-1] == "[]"


def _precise_root(t):
    from .locksets import is_precise
    return is_precise(t)


def find_races(info, rel=None):
    """[Race], one per racing access site (with its most telling partner), sorted by location."""
    pa = info.pa
    rel = rel or ThreadRelation(info)
    events = []
    seen = set()
    for t, ctxs in sorted(rel.closure.items(), key=lambda kv: _tkey(kv[0])):
        for ctx in sorted(ctxs, key=lambda c: (c.unit.index, c.fd.start, str(len(c.args)))):
            for ev in ctx.accesses:
                k = (t if t == "main" else id(t), id(ev.node), ev.mode, ev.held, ev.atomic, ev.live, ev.term)
                if k in seen:
                    continue
                seen.add(k)
                events.append((t, ev))
    groups = {}
    for t, ev in events:
        c = term_class(pa, ev.term)
        if c is None:
            continue
        groups.setdefault(id(c[0]), []).append((t, ev))
    best = {}
    for _, evs in sorted(groups.items()):
        evs.sort(key=lambda te: (te[1].unit.index, te[1].node.start, te[1].mode))
        # buckets by first field and type kind: only compatible buckets can overlap
        buckets = {}
        for i, (t, ev) in enumerate(evs):
            c = term_class(pa, ev.term)
            f0 = c[1][0] if c[1] else None
            buckets.setdefault((f0, _type_cat(ev.node.ty)), []).append(i)
        keys = list(buckets)            # in the order of the sorted events: deterministic
        for x, k1 in enumerate(keys):
            for k2 in keys[x:]:
                if k1[0] is not None and k2[0] is not None and k1[0] is not k2[0]:
                    continue
                if k1[1] is not None and k2[1] is not None and k1[1] != k2[1]:
                    continue
                same = k1 == k2
                for i in buckets[k1]:
                    t1, e1 = evs[i]
                    for j in buckets[k2]:
                        if same and j < i:
                            continue
                        t2, e2 = evs[j]
                        if e1.mode == "R" and e2.mode == "R":
                            continue
                        if (e1.atomic and e2.atomic) or _once_ordered(e1, e2):
                            continue
                        if not may_alias(pa, e1.term, e2.term):
                            continue
                        if not rel.parallel(t1, e1.live, t2, e2.live):
                            continue
                        if _own_frames(rel, t1, e1, t2, e2) or _own_slots(t1, e1, t2, e2) \
                                or _joined_slot(t1, e1, t2, e2) or _joined_slot(t2, e2, t1, e1):
                            continue
                        if _protected(pa, e1, e2, *_inherited_pair(t1, t2)) \
                                or _message_passed(e1, e2) or _message_passed(e2, e1):
                            continue
                        for a, ta, b, tb in ((e1, t1, e2, t2), (e2, t2, e1, t1)):
                            k = id(a.node)
                            rank = (0 if b.mode == "W" else 1, b.unit.index, b.node.start, _tkey(tb),
                                    _held_key(a), _held_key(b))
                            cur = best.get(k)
                            if cur is None or (0 if a.mode == "W" else 1, rank) < cur[0]:
                                best[k] = ((0 if a.mode == "W" else 1, rank), Race(a, ta, b, tb))
    races = [r for _, r in best.values()]
    races.sort(key=lambda r: (r.first.unit.index, r.first.node.start, r.first.mode))
    return races


def _held_key(ev):
    """Orders the candidate pairs of one access that differ only in the locks held (the same
    code reached in several contexts): fewer locks first, then by name.  Without it the pick
    depended on the order of sets of contexts, which changes from run to run."""
    held = sorted((str(h.kind), str(h.text), str(h.mode)) for h in ev.held)
    return (bool(ev.atomic), len(held), held)


def _message_passed(a, b):
    """a is followed, in its function, by an atomic store to a flag that b's path saw set
    (`payload = 42; atomic_store(&ready, 1);` against `if (atomic_load(&ready)) use(payload);`)."""
    if not b.acq:
        return False
    return any(obj in b.acq and off > a.node.start for obj, off in a.ctx.releases)


def _joined_slot(t1, e1, t2, e2):
    """e1 reads back slot k after joining thread k of the loop that started t2 (`join(t[0]);
    use(result[0]);`), and e2 is that thread's own slot."""
    if t2 == "main" or not e1.joined:
        return False
    mark = ("tid", id(t2.node))
    t = e2.term
    mine = False
    while t[0] in (".", "[]"):
        if t[0] == "[]" and t[2] == mark:
            mine = True
        t = t[1]
    if not mine:
        return False
    t = e1.term
    while t[0] in (".", "[]"):
        if t[0] == "[]" and t[2] is not None and (t2, t[2]) in e1.joined:
            return True
        t = t[1]
    return False


def _own_slots(t1, e1, t2, e2):
    """Two instances of one thread start site, each at the element its own argument selects
    (`results[id]` with `id` the loop counter main passed)."""
    if t1 == "main" and t2 == "main":
        return False
    if t1 is not t2:
        # the creator set the slot up before starting the thread that uses it
        if t2 == "main" or (t1 != "main" and t2 in t1.creators):
            t1, t2, e1, e2 = t2, t1, e2, e1
        if t2 == "main" or t1 not in t2.creators:
            return False
    mark = ("tid", id(t2.node))

    def slots(t, marks):
        out = []
        while t[0] in (".", "[]"):
            if t[0] == "[]" and t[2] in marks:
                out.append(t)
            t = t[1]
        return out
    first = (mark, ("tid", "joined")) if t1 is not t2 else (mark,)
    return bool(slots(e1.term, first)) and bool(slots(e2.term, (mark,)))


# library functions whose result points into their (first) argument
INTO_ARGUMENT = frozenset("strchr strrchr strstr memchr memrchr strpbrk strtok strtok_r strsep rawmemchr strchrnul "
                          "strcasestr stpcpy stpncpy strcpy strncpy strcat strncat memcpy memmove memset mempcpy "
                          "basename".split())


def _local_class(rel, rep, t1=None, t2=None):
    """An alias class of automatic locals only, none of which escapes (its address is never handed
    to a thread or stored outside a private local): every thread reaches only its own frames'."""
    pa = rel.info.pa
    members = [m for m in pa.members_of(rep) if m.kind != "anon"
               and not (m.kind == "extern" and m.name in INTO_ARGUMENT)]
    if not members:
        return False
    for m in members:
        sym = m.sym
        if m.kind not in ("local", "param") or sym is None or sym.storage != "auto" or sym.func is None:
            return False
        if sym in rel.info.escaped_locals:
            return False
    return True


def _type_cat(ty):
    """A coarse category of an access's type for strict aliasing (None: may overlap anything)."""
    if ty is None:
        return None
    k = ty.kind
    if k == "ptr":
        return "ptr"
    if k == "float":
        return "float"
    if k in ("int", "bool"):
        words = ty.words or ()
        if any("char" in w for w in words):
            return None          # character types may access any object
        return "int"
    return None                  # structs, arrays, unknown: may contain anything


def _types_may_overlap(e1, e2):
    """Two scalar accesses of different kinds (a pointer and an integer, say) cannot touch the same
    object in a valid program (C11 6.5p7); this separates fields an imprecise points-to merged."""
    c1, c2 = _type_cat(e1.node.ty), _type_cat(e2.node.ty)
    return c1 is None or c2 is None or c1 == c2


def _own_frames(rel, t1, e1, t2, e2):
    """Both accesses reach an automatic local through their own thread's frame."""
    r1, r2 = root_of(e1.term), root_of(e2.term)
    if r1[0] == "c" or r2[0] == "c":
        c1, c2 = term_class(rel.info.pa, r1), term_class(rel.info.pa, r2)
        return c1 is not None and c2 is not None and c1[0] is c2[0] and _local_class(rel, c1[0])
    for r in (r1, r2):
        if r[0] != "v":
            return False
    if r1 != r2:
        return False
    sym = r1[1]
    if sym.storage != "auto" or sym.func is None:
        return False
    if t1 is t2 and t1 != "main":
        return rel.runs(t1, sym.func)
    return rel.runs(t1, sym.func) and rel.runs(t2, sym.func)
