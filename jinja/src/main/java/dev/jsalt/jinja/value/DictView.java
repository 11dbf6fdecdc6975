package dev.jsalt.jinja.value;

import java.util.Iterator;
import java.util.Map;

/** {@code d.keys()}, {@code d.values()}, {@code d.items()}: live views printing as {@code dict_items([('a', 1)])}. */
public final class DictView {
    public enum Kind {
        KEYS("dict_keys"), VALUES("dict_values"), ITEMS("dict_items");
        final String typeName;

        Kind(String typeName) {
            this.typeName = typeName;
        }
    }

    private final Map<?, ?> map;
    private final Kind kind;

    public DictView(Map<?, ?> map, Kind kind) {
        this.map = map;
        this.kind = kind;
    }

    public Map<?, ?> map() {
        return map;
    }

    public Kind kind() {
        return kind;
    }

    public String typeName() {
        return kind.typeName;
    }

    public int size() {
        return map.size();
    }

    public Iterator<Object> iterator() {
        Iterator<? extends Map.Entry<?, ?>> it = Py.mapEntryIterator(map);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Object next() {
                Map.Entry<?, ?> e = it.next();
                return switch (kind) {
                    case KEYS -> e.getKey();
                    case VALUES -> e.getValue();
                    case ITEMS -> PyTuple.of(e.getKey(), e.getValue());
                };
            }
        };
    }
}
