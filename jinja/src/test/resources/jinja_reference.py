"""Reference renderer for jsalt's differential Jinja tests.

Reads {"cases": [...]} as JSON on stdin, renders every case with the real Jinja2 in Salt's environment
(SandboxedEnvironment, StrictUndefined, do + loopcontrols, autoescape off) and writes one JSON list of
results on stdout, in the order of the cases. Run by /usr/bin/python3 (Debian's python3-jinja2), once per
test run.

A case: name, template (rendered with env.from_string) or entry (a name rendered through the loader),
context (render(**context)), templates (the loader's name -> source), env (trim_blocks, lstrip_blocks,
keep_trailing_newline), globals (template.globals.update(...), as Salt does with the context), salt_globals
(true: the context is also the template's globals, exactly as Salt renders).

A result: {"ok": true, "out": str} or {"ok": false, "error": class name, "mro": [class names],
"message": str, "name": template name or null, "line": int or null}.
"""
import json
import sys

try:
    import jinja2
    import jinja2.sandbox
except ImportError:
    print("NO_JINJA2", flush=True)
    sys.exit(3)


def loader_for(templates):
    def load(name):
        if name in templates:
            # The name doubles as the filename so tracebacks say which template failed.
            return templates[name], name, lambda: True
        return None
    return jinja2.FunctionLoader(load)


def make_env(case):
    opts = case.get("env") or {}
    return jinja2.sandbox.SandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"],
        autoescape=False,
        trim_blocks=bool(opts.get("trim_blocks", False)),
        lstrip_blocks=bool(opts.get("lstrip_blocks", False)),
        keep_trailing_newline=bool(opts.get("keep_trailing_newline", False)),
        loader=loader_for(case.get("templates") or {}),
    )


def error_location(exc, templates):
    """The innermost template frame of the rewritten traceback: (template name or None, line)."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.name, exc.lineno
    found = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename == "<template>":
            found = (None, tb.tb_lineno)
        elif filename in templates:
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def message_of(exc):
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.message
    if isinstance(exc, KeyError) and len(exc.args) == 1:
        return repr(exc.args[0])
    return str(exc)


def render(case):
    templates = case.get("templates") or {}
    context = case.get("context") or {}
    try:
        env = make_env(case)
        if case.get("entry") is not None:
            template = env.get_template(case["entry"])
        else:
            template = env.from_string(case["template"])
        if case.get("salt_globals"):
            template.globals.update(context)
        if case.get("globals"):
            template.globals.update(case["globals"])
        return {"ok": True, "out": template.render(**context)}
    except RecursionError as exc:
        return {"ok": False, "error": "RecursionError", "mro": ["RecursionError"], "message": "maximum recursion depth exceeded",
                "name": None, "line": None}
    except Exception as exc:  # every failure is a result: the Java side compares kinds
        name, line = error_location(exc, templates)
        return {"ok": False, "error": type(exc).__name__, "mro": [c.__name__ for c in type(exc).__mro__],
                "message": message_of(exc), "name": name, "line": line}


def main():
    request = json.load(sys.stdin)
    results = [render(case) for case in request["cases"]]
    # ensure_ascii keeps lone surrogates and odd characters intact across the pipe.
    json.dump({"jinja2": jinja2.__version__, "results": results}, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
