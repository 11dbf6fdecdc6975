"""Reference renderer for jsalt's differential test of Salt's Jinja filters and tests.

Reads {"cases": [...]} as JSON on stdin and renders each case with Debian's python3-jinja2 in Salt 3006.1's
environment: SandboxedEnvironment(undefined=StrictUndefined, extensions=[do, loopcontrols]), the
SerializerExtension's finalizer and filters, then Salt's @jinja_filter / @jinja_test functions on top (Salt's
tojson, min, max and unique replace Jinja2's), the test "list" (salt/utils/templates.py). Writes one JSON list of
results on stdout: {"ok": true, "out": str} or {"ok": false, "error": class name, "message": str}.

Salt itself is not installed here: each filter below restates, in a few lines, what the named Salt 3006.1 function
does, calling PyYAML, json, re, hashlib, uuid, ipaddress and itertools the way Salt calls them. Salt's YAML dumper
is SafeOrderedDumper on top of yaml.CSafeDumper (libyaml) and its loader SaltYamlSafeLoader on top of
yaml.CSafeLoader, as in Salt when PyYAML has libyaml (Debian's python3-yaml has).
"""
import base64
import collections
import datetime
import hashlib
import hmac as _hmac
import io
import ipaddress
import itertools
import json
import pprint
import random
import re
import shlex
import sys
import types
import uuid
from collections import OrderedDict
from collections.abc import Hashable

import jinja2
import jinja2.sandbox
import yaml
from jinja2.environment import TemplateModule
from jinja2.exceptions import TemplateRuntimeError
from markupsafe import Markup


# ---- salt/utils/yamldumper.py: SafeOrderedDumper, safe_dump ------------------------------------------------------

class SafeOrderedDumper(yaml.CSafeDumper):
    pass


def _represent_ordereddict(dumper, data):
    return dumper.represent_dict(list(data.items()))


def _represent_undefined(dumper, data):
    return dumper.represent_scalar("tag:yaml.org,2002:null", "NULL")


SafeOrderedDumper.add_representer(OrderedDict, _represent_ordereddict)
SafeOrderedDumper.add_representer(None, _represent_undefined)
SafeOrderedDumper.add_representer(collections.defaultdict, yaml.representer.SafeRepresenter.represent_dict)
SafeOrderedDumper.add_representer("tag:yaml.org,2002:timestamp", SafeOrderedDumper.represent_scalar)


def safe_dump(data, stream=None, **kwargs):
    if "allow_unicode" not in kwargs:
        kwargs["allow_unicode"] = True
    kwargs.setdefault("default_flow_style", None)
    return yaml.dump(data, stream, Dumper=SafeOrderedDumper, **kwargs)


# ---- salt/utils/yamlloader.py: SaltYamlSafeLoader, salt/utils/yaml.py: safe_load ----------------------------------

class SaltYamlSafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    def __init__(self, stream, dictclass=dict):
        super().__init__(stream)
        self.add_constructor("tag:yaml.org,2002:str", type(self).construct_yaml_str)
        self.add_constructor("tag:yaml.org,2002:python/unicode", type(self).construct_unicode)
        self.add_constructor("tag:yaml.org,2002:timestamp", type(self).construct_scalar)
        self.dictclass = dictclass

    def construct_unicode(self, node):
        return node.value

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.nodes.MappingNode):
            raise yaml.constructor.ConstructorError(None, None, "expected a mapping node", node.start_mark)
        self.flatten_mapping(node)
        context = "while constructing a mapping"
        mapping = self.dictclass()
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(context, node.start_mark,
                                                        "found unacceptable key {}".format(key_node.value), key_node.start_mark)
            value = self.construct_object(value_node, deep=deep)
            if key in mapping:
                raise yaml.constructor.ConstructorError(context, node.start_mark,
                                                        "found conflicting ID '{}'".format(key), key_node.start_mark)
            mapping[key] = value
        return mapping

    def construct_scalar(self, node):
        if node.tag == "tag:yaml.org,2002:int":
            if node.value == "0":
                pass
            elif node.value.startswith("0") and not node.value.startswith(("0b", "0x")):
                node.value = node.value.lstrip("0")
                if node.value == "":
                    node.value = "0"
        elif node.tag == "tag:yaml.org,2002:str":
            if re.match(r"^u([\"\'])(.*)\1$", node.value, flags=re.IGNORECASE):
                node.value = eval(node.value, {}, {})  # noqa: S307 (Salt does this)
        return super().construct_scalar(node)

    def flatten_mapping(self, node):
        merge = []
        index = 0
        while index < len(node.value):
            key_node, value_node = node.value[index]
            if key_node.tag == "tag:yaml.org,2002:merge":
                del node.value[index]
                if isinstance(value_node, yaml.nodes.MappingNode):
                    self.flatten_mapping(value_node)
                    merge.extend(value_node.value)
                elif isinstance(value_node, yaml.nodes.SequenceNode):
                    submerge = []
                    for subnode in value_node.value:
                        if not isinstance(subnode, yaml.nodes.MappingNode):
                            raise yaml.constructor.ConstructorError("while constructing a mapping", node.start_mark,
                                                                    "expected a mapping for merging", subnode.start_mark)
                        self.flatten_mapping(subnode)
                        submerge.append(subnode.value)
                    submerge.reverse()
                    for value in submerge:
                        merge.extend(value)
                else:
                    raise yaml.constructor.ConstructorError("while constructing a mapping", node.start_mark,
                                                            "expected a mapping or list of mappings for merging",
                                                            value_node.start_mark)
            elif key_node.tag == "tag:yaml.org,2002:value":
                key_node.tag = "tag:yaml.org,2002:str"
                index += 1
            else:
                index += 1
        if merge:
            existing_nodes = [name_node.value for name_node, value_node in node.value]
            mergeable_items = [x for x in merge if x[0].value not in existing_nodes]
            node.value = mergeable_items + node.value


def safe_load(stream):
    return yaml.load(stream, Loader=SaltYamlSafeLoader)


# ---- salt/utils/stringutils.py --------------------------------------------------------------------------------------

def to_bytes(s):
    if isinstance(s, bytes):
        return s
    if isinstance(s, bytearray):
        return bytes(s)
    if isinstance(s, str):
        return s.encode("utf-8")
    raise TypeError("expected str, bytes, or bytearray not {}".format(type(s)))


def to_str(s):
    if isinstance(s, str):
        return s
    if isinstance(s, (bytes, bytearray)):
        return s.decode("utf-8")
    raise TypeError("expected str, bytes, or bytearray not {}".format(type(s)))


to_unicode = to_str


def to_num(text):
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def is_hex(value):
    try:
        int(value, 16)
        return True
    except (TypeError, ValueError):
        return False


def contains_whitespace(text):
    return any(x.isspace() for x in text)


def human_to_bytes(size, default_unit="B", handle_metric=False):
    m = re.match(r"(?P<value>[0-9.]*)\s*(?P<unit>.*)$", str(size).strip())
    value = m.group("value")
    unit = m.group("unit").lower() or default_unit.lower()
    try:
        value = int(value)
    except ValueError:
        try:
            value = float(value)
        except ValueError:
            return 0
    dec = False
    if re.match(r"[kmgtpezy]b$", unit):
        dec = True if handle_metric else False
    elif not re.match(r"(b|[kmgtpezy](ib)?)$", unit):
        return 0
    p = "bkmgtpezy".index(unit[0])
    value *= 10 ** (p * 3) if dec else 2 ** (p * 10)
    return int(value)


def camel_to_snake_case(camel_input):
    res = camel_input[0].lower()
    for i, letter in enumerate(camel_input[1:], 1):
        if letter.isupper():
            if camel_input[i - 1].islower() or (i != len(camel_input) - 1 and camel_input[i + 1].islower()):
                res += "_"
        res += letter.lower()
    return res


def snake_to_camel_case(snake_input, uppercamel=False):
    words = snake_input.split("_")
    if uppercamel:
        words[0] = words[0].capitalize()
    return words[0] + "".join(word.capitalize() for word in words[1:])


def expr_match(line, expr):
    import fnmatch
    try:
        if fnmatch.fnmatch(line, expr):
            return True
        try:
            if re.match(r"\A{}\Z".format(expr), line):
                return True
        except re.error:
            pass
    except TypeError:
        pass
    return False


def check_whitelist_blacklist(value, whitelist=None, blacklist=None):
    if blacklist:
        if isinstance(blacklist, str):
            blacklist = [blacklist]
        if not hasattr(blacklist, "__iter__"):
            raise TypeError("Expecting iterable blacklist")
    else:
        blacklist = []
    if whitelist:
        if isinstance(whitelist, str):
            whitelist = [whitelist]
        if not hasattr(whitelist, "__iter__"):
            raise TypeError("Expecting iterable whitelist")
    else:
        whitelist = []
    _blacklist_match = any(expr_match(value, expr) for expr in blacklist)
    _whitelist_match = any(expr_match(value, expr) for expr in whitelist)
    if blacklist and not whitelist:
        return not _blacklist_match
    elif whitelist and not blacklist:
        return _whitelist_match
    elif blacklist and whitelist:
        return not _blacklist_match and _whitelist_match
    return True


def random_str(size=32):
    import os
    key = os.urandom(size)
    return to_unicode(base64.b64encode(key).replace(b"\n", b"")[:size])


# ---- salt/utils/yamlencoding.py -------------------------------------------------------------------------------------

def yaml_dquote(text):
    with io.StringIO() as ostream:
        yemitter = yaml.emitter.Emitter(ostream, width=sys.maxsize)
        yemitter.write_double_quoted(str(text))
        return ostream.getvalue()


def yaml_squote(text):
    with io.StringIO() as ostream:
        yemitter = yaml.emitter.Emitter(ostream, width=sys.maxsize)
        yemitter.write_single_quoted(str(text))
        return ostream.getvalue()


def yaml_encode(data):
    yrepr = yaml.representer.SafeRepresenter()
    ynode = yrepr.represent_data(data)
    if not isinstance(ynode, yaml.ScalarNode):
        raise TypeError("yaml_encode() only works with YAML scalar data; failed for {}".format(type(data)))
    tag = ynode.tag.rsplit(":", 1)[-1]
    ret = ynode.value
    if tag == "str":
        ret = yaml_dquote(ynode.value)
    return ret


# ---- salt/utils/args.py: yamlify_arg; salt/utils/data.py --------------------------------------------------------

def yamlify_arg(arg):
    if not isinstance(arg, str):
        return arg
    if arg.strip() == "":
        return arg
    elif "_" in arg and all([x in "0123456789_" for x in arg.strip()]):
        return arg
    try:
        original_arg = arg
        if "#" in arg:
            parsed_arg = safe_load(arg)
            if isinstance(parsed_arg, str) or parsed_arg is None:
                return arg
            return parsed_arg
        if arg == "None":
            arg = None
        else:
            arg = safe_load(arg)
        if isinstance(arg, dict):
            if isinstance(original_arg, str) and not original_arg.startswith("{"):
                return original_arg
            return arg
        elif isinstance(arg, list):
            if isinstance(original_arg, str) and not original_arg.startswith("["):
                return original_arg
            return arg
        elif arg is None or isinstance(arg, (list, float, int, str)):
            if arg == "" and original_arg in ("|", "!"):
                return original_arg
            elif arg is None and original_arg.strip().startswith("#"):
                return original_arg
            elif arg is None and original_arg == "!":
                return original_arg
            return arg
        return original_arg
    except Exception:  # noqa: BLE001 (Salt does this)
        return original_arg


def traverse_dict_and_list(data, key, default=None, delimiter=":"):
    ptr = data
    if isinstance(key, str):
        key = key.split(delimiter)
    if isinstance(key, int):
        key = [key]
    for each in key:
        if isinstance(ptr, list):
            try:
                idx = int(each)
            except ValueError:
                embed_match = False
                for embedded in (x for x in ptr if isinstance(x, dict)):
                    try:
                        ptr = embedded[each]
                        embed_match = True
                        break
                    except KeyError:
                        pass
                if not embed_match:
                    return default
            else:
                embed_match = False
                for embedded in (x for x in ptr if isinstance(x, dict)):
                    try:
                        ptr = embedded[str(idx)]
                        embed_match = True
                        break
                    except KeyError:
                        pass
                if not embed_match:
                    try:
                        ptr = ptr[idx]
                    except IndexError:
                        return default
        else:
            try:
                ptr = ptr[each]
            except KeyError:
                try:
                    loaded_key = yamlify_arg(each)
                except Exception:  # noqa: BLE001
                    return default
                if loaded_key == each:
                    return default
                try:
                    ptr = ptr[loaded_key]
                except (KeyError, TypeError):
                    return default
            except TypeError:
                return default
    return ptr


def is_list(value):
    return isinstance(value, list)


def is_iter(thing, ignore=(str,)):
    if isinstance(thing, ignore):
        return False
    try:
        iter(thing)
        return True
    except TypeError:
        return False


def sorted_ignorecase(to_sort):
    return sorted(to_sort, key=lambda x: x.lower())


def exactly_n(iterable, amount=1):
    i = iter(iterable)
    return all(any(i) for j in range(amount)) and not any(i)


def exactly_one(iterable):
    return exactly_n(iterable)


# ---- salt/utils/hashutils.py --------------------------------------------------------------------------------------

def base64_b64encode(instr):
    return to_unicode(base64.b64encode(to_bytes(instr)))


def base64_b64decode(instr):
    decoded = base64.b64decode(to_bytes(instr))
    try:
        return to_unicode(decoded)
    except UnicodeDecodeError:
        return decoded


def md5_digest(instr):
    return to_unicode(hashlib.md5(to_bytes(instr)).hexdigest())


def sha1_digest(instr):
    return hashlib.sha1(to_bytes(instr)).hexdigest()


def sha256_digest(instr):
    return to_unicode(hashlib.sha256(to_bytes(instr)).hexdigest())


def sha512_digest(instr):
    return to_unicode(hashlib.sha512(to_bytes(instr)).hexdigest())


def hmac_signature(string, shared_secret, challenge_hmac):
    msg = to_bytes(string)
    key = to_bytes(shared_secret)
    challenge = to_bytes(challenge_hmac)
    hmac_hash = _hmac.new(key, msg, hashlib.sha256)
    valid_hmac = base64.b64encode(hmac_hash.digest())
    return valid_hmac == challenge


def hmac_compute(string, shared_secret):
    msg = to_bytes(string)
    key = to_bytes(shared_secret)
    return _hmac.new(key, msg, hashlib.sha256).hexdigest()


def random_hash(size=9999999999, hash_type=None):
    if not hash_type:
        hash_type = "md5"
    hasher = getattr(hashlib, hash_type)
    return hasher(to_bytes(str(random.SystemRandom().randint(0, size)))).hexdigest()


# ---- salt/utils/network.py (jinja filters) -------------------------------------------------------------------------

def _ip_options(ip_obj, version, options=None):
    options_fun_map = {
        "global": lambda o: not o.is_private,
        "link-local": lambda o: o.is_link_local,
        "linklocal": lambda o: o.is_link_local,
        "ll": lambda o: o.is_link_local,
        "link_local": lambda o: o.is_link_local,
        "loopback": lambda o: o.is_loopback,
        "lo": lambda o: o.is_loopback,
        "multicast": lambda o: o.is_multicast,
        "private": lambda o: o.is_private,
        "public": lambda o: not o.is_private,
        "reserved": lambda o: o.is_reserved,
        "site-local": lambda o: o.is_site_local if version == 6 else False,
        "sl": lambda o: o.is_site_local if version == 6 else False,
        "site_local": lambda o: o.is_site_local if version == 6 else False,
        "unspecified": lambda o: o.is_unspecified,
    }
    if not options:
        return str(ip_obj)
    options_list = [option.strip() for option in options.split(",")]
    for option, fun in options_fun_map.items():
        if option in options_list:
            if not fun(ip_obj):
                return None
    return str(ip_obj)


def _is_ipv(ip_addr, version, options=None):
    if not version:
        version = 4
    if version not in (4, 6):
        return None
    try:
        ip_obj = ipaddress.ip_address(ip_addr)
    except ValueError:
        try:
            ip_obj = ipaddress.ip_interface(ip_addr)
        except ValueError:
            return None
    if not ip_obj.version == version:
        return None
    return _ip_options(ip_obj, version, options=options)


def is_ipv4_filter(ip_addr, options=None):
    return isinstance(_is_ipv(ip_addr, 4, options=options), str)


def is_ipv6_filter(ip_addr, options=None):
    return isinstance(_is_ipv(ip_addr, 6, options=options), str)


def is_ip_filter(ip_addr, options=None):
    return is_ipv4_filter(ip_addr, options=options) or is_ipv6_filter(ip_addr, options=options)


def _ipv_filter(value, version, options=None):
    if version not in (4, 6):
        return
    if isinstance(value, (str, bytes)):
        return _is_ipv(value, version, options=options)
    elif isinstance(value, (list, tuple, types.GeneratorType)):
        return [_is_ipv(addr, version, options=options) for addr in value
                if _is_ipv(addr, version, options=options) is not None]
    return None


def ipv4(value, options=None):
    return _ipv_filter(value, 4, options=options)


def ipv6(value, options=None):
    return _ipv_filter(value, 6, options=options)


def ipaddr(value, options=None):
    ipv4_obj = ipv4(value, options=options)
    ipv6_obj = ipv6(value, options=options)
    if ipv4_obj is None or ipv6_obj is None:
        return ipv4_obj or ipv6_obj
    return ipv4_obj + ipv6_obj


def _filter_ipaddr(value, options, version=None):
    ipaddr_filter_out = None
    if version:
        if version == 4:
            ipaddr_filter_out = ipv4(value, options)
        elif version == 6:
            ipaddr_filter_out = ipv6(value, options)
    else:
        ipaddr_filter_out = ipaddr(value, options)
    if not ipaddr_filter_out:
        return
    if not isinstance(ipaddr_filter_out, (list, tuple, types.GeneratorType)):
        ipaddr_filter_out = [ipaddr_filter_out]
    return ipaddr_filter_out


def ip_host(value, options=None, version=None):
    ipaddr_filter_out = _filter_ipaddr(value, options=options, version=version)
    if not ipaddr_filter_out:
        return
    if not isinstance(value, (list, tuple, types.GeneratorType)):
        return str(ipaddress.ip_interface(ipaddr_filter_out[0]))
    return [str(ipaddress.ip_interface(ip_a)) for ip_a in ipaddr_filter_out]


def network_hosts(value, options=None, version=None):
    ipaddr_filter_out = _filter_ipaddr(value, options=options, version=version)
    if not ipaddr_filter_out:
        return
    hosts = lambda e: [str(host) for host in ipaddress.ip_network(e, strict=False).hosts()]  # noqa: E731
    if not isinstance(value, (list, tuple, types.GeneratorType)):
        return hosts(ipaddr_filter_out[0])
    return [hosts(ip_a) for ip_a in ipaddr_filter_out]


def network_size(value, options=None, version=None):
    ipaddr_filter_out = _filter_ipaddr(value, options=options, version=version)
    if not ipaddr_filter_out:
        return
    size = lambda e: ipaddress.ip_network(e, strict=False).num_addresses  # noqa: E731
    if not isinstance(value, (list, tuple, types.GeneratorType)):
        return size(ipaddr_filter_out[0])
    return [size(ip_a) for ip_a in ipaddr_filter_out]


# ---- salt/utils/dateutils.py (no timelib, as on Debian) ------------------------------------------------------------

def date_cast(date):
    if date is None:
        return datetime.datetime.now()
    elif isinstance(date, datetime.datetime):
        return date
    try:
        if isinstance(date, str):
            if date.isdigit():
                date = int(date)
            else:
                date = float(date)
        return datetime.datetime.fromtimestamp(date)
    except Exception:  # noqa: BLE001
        raise RuntimeError("Unable to parse {}. Consider installing timelib".format(date))


def strftime(date=None, format="%Y-%m-%d"):
    if date is None:
        return datetime.datetime.now().strftime(format)
    return date_cast(date).strftime(format)


# ---- salt/utils/jinja.py -------------------------------------------------------------------------------------------

GLOBAL_UUID = uuid.UUID("91633EBF-1C86-5E33-935A-28061F4B480E")


def test_match(txt, rgx, ignorecase=False, multiline=False):
    flag = 0
    if ignorecase:
        flag |= re.I
    if multiline:
        flag |= re.M
    return True if re.compile(rgx, flag).match(txt) else False


def test_equalto(value, other):
    return value == other


def skip_filter(data):
    return ""


def ensure_sequence_filter(data):
    if not isinstance(data, (list, tuple, set, dict)):
        return [data]
    return data


def to_bool(val):
    if val is None:
        return False
    if isinstance(val, bool):
        return val
    if isinstance(val, (str, (str,))):
        return val.lower() in ("yes", "1", "true")
    if isinstance(val, int):
        return val > 0
    if not isinstance(val, Hashable):
        return len(val) > 0
    return False


def tojson(val, indent=None):
    options = {"ensure_ascii": True}
    if indent is not None:
        options["indent"] = indent
    return (json.dumps(val, **options)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027"))


def quote(txt):
    return shlex.quote(txt)  # pipes.quote is shlex.quote


def regex_escape(value):
    return re.escape(value)


def _flags(ignorecase, multiline):
    flag = 0
    if ignorecase:
        flag |= re.I
    if multiline:
        flag |= re.M
    return flag


def regex_search(txt, rgx, ignorecase=False, multiline=False):
    obj = re.search(rgx, txt, _flags(ignorecase, multiline))
    if not obj:
        return
    return obj.groups()


def regex_match(txt, rgx, ignorecase=False, multiline=False):
    obj = re.match(rgx, txt, _flags(ignorecase, multiline))
    if not obj:
        return
    return obj.groups()


def regex_replace(txt, rgx, val, ignorecase=False, multiline=False):
    return re.compile(rgx, _flags(ignorecase, multiline)).sub(val, txt)


def uuid_(val):
    return str(uuid.uuid5(GLOBAL_UUID, to_str(val)))


def unique(values):
    if isinstance(values, Hashable):
        return set(values)
    ret = []
    for value in values:
        if value not in ret:
            ret.append(value)
    return ret


def lst_min(obj):
    return min(obj)


def lst_max(obj):
    return max(obj)


def lst_avg(lst):
    if not isinstance(lst, Hashable):
        return float(sum(lst) / len(lst))
    return float(lst)


def union(lst1, lst2):
    if isinstance(lst1, Hashable) and isinstance(lst2, Hashable):
        return set(lst1) | set(lst2)
    return unique(lst1 + lst2)


def intersect(lst1, lst2):
    if isinstance(lst1, Hashable) and isinstance(lst2, Hashable):
        return set(lst1) & set(lst2)
    return unique([ele for ele in lst1 if ele in lst2])


def difference(lst1, lst2):
    if isinstance(lst1, Hashable) and isinstance(lst2, Hashable):
        return set(lst1) - set(lst2)
    return unique([ele for ele in lst1 if ele not in lst2])


def symmetric_difference(lst1, lst2):
    if isinstance(lst1, Hashable) and isinstance(lst2, Hashable):
        return set(lst1) ^ set(lst2)
    return unique([ele for ele in union(lst1, lst2) if ele not in intersect(lst1, lst2)])


class PrintableDict(OrderedDict):
    def __str__(self):
        output = []
        for key, value in self.items():
            if isinstance(value, str):
                output.append("{!r}: {!r}".format(key, value))
            else:
                output.append("{!r}: {!s}".format(key, value))
        return "{" + ", ".join(output) + "}"

    def __repr__(self):
        output = []
        for key, value in self.items():
            output.append("{!r}: {!r}".format(key, value))
        return "{" + ", ".join(output) + "}"


class Serializers:
    """SerializerExtension's filters and finalizer."""

    def finalizer(self, data):
        def explore(data):
            if isinstance(data, (dict, OrderedDict)):
                return PrintableDict([(key, explore(value)) for key, value in data.items()])
            elif isinstance(data, (list, tuple, set)):
                return data.__class__([explore(value) for value in data])
            return data
        return explore(data)

    def format_json(self, value, sort_keys=True, indent=None):
        json_txt = json.dumps(value, sort_keys=sort_keys, indent=indent, ensure_ascii=False).strip()
        return Markup(json_txt)

    def format_yaml(self, value, flow_style=True):
        yaml_txt = safe_dump(value, default_flow_style=flow_style).strip()
        if yaml_txt.endswith("\n..."):
            yaml_txt = yaml_txt[: len(yaml_txt) - 4]
        return Markup(yaml_txt)

    def format_python(self, value):
        return Markup(pprint.pformat(value).strip())

    def load_yaml(self, value):
        if isinstance(value, TemplateModule):
            value = str(value)
        try:
            return safe_load(value)
        except yaml.YAMLError as exc:
            raise TemplateRuntimeError("Encountered error loading yaml: {}".format(exc))
        except AttributeError:
            raise TemplateRuntimeError("Unable to load yaml from {}".format(value))

    def load_json(self, value):
        if isinstance(value, TemplateModule):
            value = str(value)
        try:
            return json.loads(value)
        except (ValueError, TypeError, AttributeError):
            raise TemplateRuntimeError("Unable to load json from {}".format(value))

    def load_text(self, value):
        if isinstance(value, TemplateModule):
            value = str(value)
        return value

    def dict_to_sls_yaml_params(self, value, flow_style=False):
        return self.format_yaml([{key: val} for key, val in value.items()], flow_style=flow_style)


def make_env():
    env = jinja2.sandbox.SandboxedEnvironment(undefined=jinja2.StrictUndefined,
                                              extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])
    s = Serializers()
    env.finalize = s.finalizer
    env.filters.update({
        "yaml": s.format_yaml, "json": s.format_json, "python": s.format_python,
        "load_yaml": s.load_yaml, "load_json": s.load_json, "load_text": s.load_text,
        "dict_to_sls_yaml_params": s.dict_to_sls_yaml_params,
        "combinations": itertools.combinations, "combinations_with_replacement": itertools.combinations_with_replacement,
        "compress": itertools.compress, "permutations": itertools.permutations, "product": itertools.product,
        "zip": zip, "zip_longest": itertools.zip_longest,
    })
    indent_filter = env.filters.get("indent")
    env.tests.update({"match": test_match, "equalto": test_equalto})
    env.filters.update({
        "skip": skip_filter, "sequence": ensure_sequence_filter, "to_bool": to_bool, "tojson": tojson, "quote": quote,
        "regex_escape": regex_escape, "regex_search": regex_search, "regex_match": regex_match,
        "regex_replace": regex_replace, "uuid": uuid_, "unique": unique, "min": lst_min, "max": lst_max, "avg": lst_avg,
        "union": union, "intersect": intersect, "difference": difference, "symmetric_difference": symmetric_difference,
        "yaml_encode": yaml_encode, "yaml_dquote": yaml_dquote, "yaml_squote": yaml_squote,
        "traverse": traverse_dict_and_list, "is_list": is_list, "is_iter": is_iter,
        "sorted_ignorecase": sorted_ignorecase, "exactly_n_true": exactly_n, "exactly_one_true": exactly_one,
        "md5": md5_digest, "sha1": sha1_digest, "sha256": sha256_digest, "sha512": sha512_digest,
        "base64_encode": base64_b64encode, "base64_decode": base64_b64decode, "hmac": hmac_signature,
        "hmac_compute": hmac_compute, "random_hash": random_hash, "rand_str": random_hash,
        "is_ip": is_ip_filter, "is_ipv4": is_ipv4_filter, "is_ipv6": is_ipv6_filter, "ipv4": ipv4, "ipv6": ipv6,
        "ipaddr": ipaddr, "ip_host": ip_host, "network_hosts": network_hosts, "network_size": network_size,
        "to_num": to_num, "str_to_num": to_num, "is_hex": is_hex, "contains_whitespace": contains_whitespace,
        "human_to_bytes": human_to_bytes, "to_snake_case": camel_to_snake_case, "to_camelcase": snake_to_camel_case,
        "random_str": random_str, "check_whitelist_blacklist": check_whitelist_blacklist,
        "strftime": strftime, "date_format": strftime,
    })
    env.filters["indent"] = indent_filter  # salt/utils/templates.py keeps Jinja2's indent on Jinja >= 2.11
    env.tests["list"] = is_list
    return env


def render(env, case):
    try:
        if case.get("odict"):
            context = json.loads(case.get("context_json") or "{}", object_pairs_hook=OrderedDict)
        else:
            context = json.loads(case.get("context_json") or "{}")
        template = env.from_string(case["template"])
        return {"ok": True, "out": template.render(**context)}
    except Exception as exc:  # noqa: BLE001 - every failure is a result
        return {"ok": False, "error": type(exc).__name__, "mro": [c.__name__ for c in type(exc).__mro__], "message": str(exc)}


def main():
    request = json.load(sys.stdin)
    env = make_env()
    results = [render(env, case) for case in request["cases"]]
    json.dump({"results": results}, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
