#!/usr/bin/env python3
"""Columns of Asterisk's realtime PJSIP tables as Asterisk's own alembic migrations leave them.

Runs every migration in contrib/ast-db-manage/config/versions of an Asterisk source tree, in
revision order, against a recorder instead of a database: create_table, add_column, drop_column,
alter_column (new_column_name, type_) and their batch_alter_table forms are applied to an in-memory
schema; everything else (indexes, constraints, ENUM types, data updates) is ignored.
Usage: realtime_columns.py <versions dir> [table ...]   (default: ps_endpoints ps_auths ps_aors)
Prints "table column type" lines, sorted by table then column.
"""
import importlib.util
import sys
import types


class Anything:
    """Stands for any SQLAlchemy or Alembic object the migrations touch but we do not model."""
    def __init__(self, *a, **k):
        pass

    def __call__(self, *a, **k):
        return Anything()

    def __getattr__(self, name):
        return Anything()

    def __iter__(self):
        return iter(())

    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False

    def __eq__(self, other):
        return Anything()

    __or__ = __and__ = __ne__ = __eq__
    __hash__ = object.__hash__


class SqlType:
    def __init__(self, kind, *args, **kwargs):
        self.kind, self.args, self.kwargs = kind, args, kwargs

    def __call__(self, *args, **kwargs):
        return SqlType(self.kind, *args, **kwargs)

    def ddl(self):
        if self.kind in ("String", "VARCHAR", "Unicode"):
            return "varchar(%d)" % self.args[0] if self.args else "varchar"
        if self.kind in ("Integer", "INTEGER", "SmallInteger", "BigInteger"):
            return "integer"
        if self.kind in ("Enum", "ENUM"):
            return "enum(%s)" % ",".join(a for a in self.args if isinstance(a, str))
        return self.kind.lower()

    def create(self, *a, **k):
        pass

    drop = create


class Column:
    def __init__(self, name, type_=None, *args, **kwargs):
        self.name = name
        self.type = type_ if isinstance(type_, SqlType) else SqlType(getattr(type_, "kind", "unknown"))


SCHEMA = {}


def _alter(table, column, new_column_name=None, type_=None, **kwargs):
    cols = SCHEMA.get(table)
    if cols is None or column not in cols:
        return
    col = cols.pop(column)
    if isinstance(type_, SqlType):
        col = type_
    cols[new_column_name or column] = col


class Batch:
    def __init__(self, table):
        self.table = table

    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False

    def add_column(self, column, **k):
        Op.add_column(self.table, column)

    def drop_column(self, name, **k):
        Op.drop_column(self.table, name)

    def alter_column(self, name, **k):
        _alter(self.table, name, **k)

    def __getattr__(self, name):
        return Anything()


class Op:
    @staticmethod
    def create_table(name, *columns, **k):
        SCHEMA[name] = {c.name: c.type for c in columns if isinstance(c, Column)}

    @staticmethod
    def drop_table(name, **k):
        SCHEMA.pop(name, None)

    @staticmethod
    def add_column(table, column, **k):
        SCHEMA.setdefault(table, {})[column.name] = column.type

    @staticmethod
    def drop_column(table=None, name=None, table_name=None, column_name=None, **k):
        SCHEMA.get(table or table_name, {}).pop(name or column_name, None)

    @staticmethod
    def alter_column(table=None, column=None, table_name=None, column_name=None, **k):
        _alter(table or table_name, column or column_name, **k)

    @staticmethod
    def batch_alter_table(table, **k):
        return Batch(table)

    @staticmethod
    def get_context():
        ctx = Anything()
        return ctx

    def __getattr__(self, name):
        return Anything()


class Context(Anything):
    """op.get_context().bind.dialect.name and friends: we are PostgreSQL."""


def install_stubs():
    class Dialect:
        name = "postgresql"

    class Bind:
        dialect = Dialect()
        engine = property(lambda self: self)

        def execute(self, *a, **k):
            return Anything()

    class Ctx:
        bind = Bind()
        dialect = Dialect()

        def __getattr__(self, name):
            return Anything()

    op = types.ModuleType("alembic.op")
    for name in ("create_table", "drop_table", "add_column", "drop_column", "alter_column", "batch_alter_table"):
        setattr(op, name, getattr(Op, name))
    op.get_context = lambda: Ctx()
    op.get_bind = lambda: Bind()
    op.__getattr__ = lambda name: Anything()
    alembic = types.ModuleType("alembic")
    alembic.op = op
    alembic.context = Ctx()
    sa = types.ModuleType("sqlalchemy")
    for kind in ("String", "Integer", "Enum", "Boolean", "Text", "DateTime", "VARCHAR", "INTEGER", "Float",
                 "SmallInteger", "BigInteger", "Numeric", "Unicode", "LargeBinary", "Date", "Time"):
        setattr(sa, kind, SqlType(kind))
    sa.Column = Column
    sa.__getattr__ = lambda name: Anything()
    dialects = types.ModuleType("sqlalchemy.dialects")
    postgresql = types.ModuleType("sqlalchemy.dialects.postgresql")
    postgresql.ENUM = SqlType("ENUM")
    postgresql.__getattr__ = lambda name: Anything()
    sql = types.ModuleType("sqlalchemy.sql")
    sql.__getattr__ = lambda name: Anything()
    for n in ("case", "cast", "or_", "text", "table", "column", "quoted_name"):
        setattr(sa, n, Anything())
        setattr(sql, n, Anything())
    sys.modules.update({"alembic": alembic, "alembic.op": op, "alembic.context": alembic.context,
                        "sqlalchemy": sa, "sqlalchemy.dialects": dialects,
                        "sqlalchemy.dialects.postgresql": postgresql, "sqlalchemy.sql": sql})


def ordered(modules):
    by_down = {}
    for m in modules:
        downs = m.down_revision if isinstance(m.down_revision, (tuple, list)) else (m.down_revision,)
        for d in downs:
            by_down.setdefault(d, []).append(m)
    done, order, ready = set(), [], list(by_down.get(None, []))
    while ready:
        m = ready.pop(0)
        if m.revision in done:
            continue
        downs = m.down_revision if isinstance(m.down_revision, (tuple, list)) else (m.down_revision,)
        if any(d is not None and d not in done for d in downs):
            ready.append(m)
            continue
        done.add(m.revision)
        order.append(m)
        ready.extend(by_down.get(m.revision, []))
    if len(order) != len(modules):
        raise SystemExit("revision graph not fully ordered: %d of %d" % (len(order), len(modules)))
    return order


def main():
    import glob
    import os
    versions = sys.argv[1]
    tables = sys.argv[2:] or ["ps_endpoints", "ps_auths", "ps_aors"]
    install_stubs()
    modules = []
    for path in sorted(glob.glob(os.path.join(versions, "*.py"))):
        spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append(module)
    for module in ordered(modules):
        module.upgrade()
    for table in tables:
        for column, type_ in sorted(SCHEMA[table].items()):
            print(table, column, type_.ddl())


if __name__ == "__main__":
    main()
