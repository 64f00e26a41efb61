"""C types as the analyses need them, and the declaration objects they hang on.

Only the distinctions the passes use are kept: integer (with its width
class), boolean, floating, void, pointer, array (with its element), function
(return type, parameters), struct/union (a `Tag` object whose members are
`Field` objects), and "unknown" where a construct is not modelled (the
analyses treat unknown conservatively).  Types are plain immutable-by-
convention objects; identity of a struct type is the identity of its Tag.

`Symbol`, `Field` and `Tag` are the objects every later pass keys on:
a use of a name (`Id.sym`), a member access (`Member.sym`) and a struct
specifier (`StructSpec.sym`) point at them.  Objects with external linkage
are one Symbol for the whole program (semantics/program.py links them);
`static` objects, locals and parameters are one Symbol each.

    >>> t = Type.pointer(Type.integer("int"))
    >>> t.is_pointer, t.target.is_integer
    (True, True)
"""


class Type:
    __slots__ = ("kind", "target", "tag", "params", "variadic", "const", "words", "dims")

    def __init__(self, kind, target=None, tag=None, params=None, variadic=False, const=False, words=(), dims=None):
        self.kind = kind            # int bool float void ptr array func struct unknown
        self.target = target        # pointee, element or return type
        self.tag = tag              # Tag for struct/union
        self.params = params        # [Type] for a prototype, None for ()
        self.variadic = variadic
        self.const = const          # the object itself is const-qualified
        self.words = words          # type keywords (for integers: width class)
        self.dims = dims            # array: its length when that is an integer constant, else None

    # constructors -------------------------------------------------------------
    @staticmethod
    def integer(*words):
        return Type("int", words=tuple(words))

    @staticmethod
    def pointer(t):
        return Type("ptr", target=t)

    @staticmethod
    def array(t, length=None):
        return Type("array", target=t, dims=length)

    def qualified(self, const):
        if const == self.const:
            return self
        t = Type(self.kind, self.target, self.tag, self.params, self.variadic, const, self.words, self.dims)
        return t

    # questions ------------------------------------------------------------------
    @property
    def is_integer(self):
        return self.kind == "int"

    @property
    def is_word_integer(self):
        """An integer one lock-free __atomic instruction can update (<= 8 bytes)."""
        return self.kind == "int" and not any(w in ("__int128", "__int128_t", "__uint128_t") for w in self.words)

    @property
    def is_pointer(self):
        return self.kind == "ptr"

    @property
    def is_array(self):
        return self.kind == "array"

    @property
    def elements(self):
        """How many non-array elements an array holds (int a[3][4]: 12); None
        when a length is not a constant, 1 for a type that is no array.

        >>> Type.array(Type.array(Type.integer("int"), 4), 3).elements
        12
        """
        n, t = 1, self
        while t.kind == "array":
            if t.dims is None:
                return None
            n *= t.dims
            t = t.target
        return n

    @property
    def is_func(self):
        return self.kind == "func"

    @property
    def is_struct(self):
        return self.kind == "struct"

    @property
    def is_scalar(self):
        return self.kind in ("int", "bool", "float", "ptr")

    def array_rank(self):
        """Number of array dimensions (int a[3][4]: 2)."""
        n, t = 0, self
        while t is not None and t.kind == "array":
            n, t = n + 1, t.target
        return n

    def decay(self):
        """Array and function values decay to pointers."""
        if self.kind == "array":
            return Type.pointer(self.target)
        if self.kind == "func":
            return Type.pointer(self)
        return self

    def pointee(self):
        """What `*e` designates for an e of this type (unknown if not a pointer)."""
        if self.kind in ("ptr", "array"):
            return self.target or UNKNOWN
        if self.kind == "func":
            return self
        return UNKNOWN

    def struct_tag(self):
        return self.tag if self.kind == "struct" else None

    def __repr__(self):
        if self.kind in ("ptr", "array"):
            return "%s(%r)" % (self.kind, self.target)
        if self.kind == "struct":
            return "%s %s" % (self.tag.kind, self.tag.name or "<anonymous>")
        if self.kind == "int":
            return " ".join(self.words) or "int"
        return self.kind


UNKNOWN = Type("unknown")
INT = Type.integer("int")
VOID = Type("void")


class Tag:
    """A struct or union type: its members are Field objects."""
    __slots__ = ("kind", "name", "fields", "complete", "unit")

    def __init__(self, kind, name, unit=None):
        self.kind = kind            # "struct" | "union"
        self.name = name            # the tag, or None for an anonymous struct
        self.fields = {}            # member name -> Field (anonymous members' fields included)
        self.complete = False
        self.unit = unit

    def field(self, name, type_, width=None, via=None):
        """The member `name`, created (or, for a tag defined again in another unit, updated)."""
        f = self.fields.get(name)
        if f is None:
            f = self.fields[name] = Field(self, name, type_, width, via)
        else:
            if f.type.kind == "unknown":
                f.type = type_
            if width is not None:
                f.width = width
        return f

    def __repr__(self):
        return "<%s %s>" % (self.kind, self.name or "<anonymous>")


class Field:
    """One member of one struct or union type."""
    __slots__ = ("tag", "name", "type", "width", "via")

    def __init__(self, tag, name, type_, width=None, via=None):
        self.tag = tag
        self.name = name
        self.type = type_
        self.width = width          # bit-field width expression, or None
        self.via = via              # the anonymous member it is reached through

    @property
    def is_bitfield(self):
        return self.width is not None

    def describe(self):
        owner = self.tag.name if self.tag is not None and self.tag.name else "<anonymous>"
        return "%s.%s" % (owner, self.name)

    def __repr__(self):
        return "<field %s>" % self.describe()


# A field of a struct the analysis could not determine (a cast from an
# unknown type, an undeclared struct): one per member name, so accesses of
# unknown provenance stay together instead of being dropped.
_WILD = {}


def wild_field(name):
    f = _WILD.get(name)
    if f is None:
        f = _WILD[name] = Field(None, name, UNKNOWN)
    return f


ELEMENT = "[]"                       # field-path step: an element of an array member


class Symbol:
    """A declared entity: object, function, enumeration constant or typedef."""
    __slots__ = ("name", "kind", "linkage", "storage", "type", "unit", "func", "node", "defined",
                 "value", "serial")
    _serial = 0

    def __init__(self, name, kind, linkage, storage, type_, unit, func=None, node=None):
        Symbol._serial += 1
        self.serial = Symbol._serial
        self.name = name            # the identifier as written
        self.kind = kind            # "var" | "func" | "enumconst" | "typedef"
        self.linkage = linkage      # "external" | "internal" | "none"
        self.storage = storage      # "static" (file scope, static local, extern) | "auto" | "param"
        self.type = type_
        self.unit = unit            # the Unit that declared it first
        self.func = func            # enclosing function Symbol (locals, params, static locals)
        self.node = node            # the defining FuncDef (functions with a body) or the declarator
        self.defined = False        # a function with a body / an object with a definition
        self.value = None

    @property
    def is_local(self):
        """A thread-private candidate: an automatic variable or a parameter."""
        return self.kind == "var" and self.storage in ("auto", "param")

    @property
    def is_static_storage(self):
        return self.kind == "var" and self.storage == "static"

    def describe(self):
        """How diagnostics and explain name it: `x`, `x (in f)`, `count (static in a.c)`."""
        if self.func is not None:
            return "%s (in %s)" % (self.name, self.func.name)
        if self.linkage == "internal" and self.unit is not None:
            return "%s (static in %s)" % (self.name, self.unit.short_name)
        return self.name

    def __repr__(self):
        return "<%s %s>" % (self.kind, self.describe())
