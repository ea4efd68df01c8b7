package io.cutover.router.http;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collections;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map.Entry;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The headers of one HTTP message as two flat arrays of names and values, in the order received.
 *
 * <p>A proxied message has about ten headers, is looked at for a handful of them and then re-encoded in
 * order. A linear scan over the names' hashes beats a hash table's buckets at that size, and a message
 * costs four objects instead of one or more per header (one while it has no header, as most trailers).
 * Names compare case-insensitively (ASCII).
 *
 * <p>With validation on (requests from clients), every header <em>added</em> is checked — names are
 * tokens, values hold no CR, LF or NUL — because the HTTP decoder adds what it reads and relies on its
 * headers to refuse bad ones. {@code set} is how the router puts in headers it made itself, and is not
 * checked. Responses from instances are trusted and not checked at all.
 */
public final class FlatHeaders extends HttpHeaders {

    /** For requests from clients: names and values are validated. */
    public static final HttpHeadersFactory VALIDATING = factory(true);
    /** For responses from instances and messages the router builds itself. */
    public static final HttpHeadersFactory TRUSTED = factory(false);

    private static final int INITIAL_CAPACITY = 8;
    private static final CharSequence[] NONE = {};
    private static final int[] NO_HASHES = {};

    private final boolean validate;
    private CharSequence[] names;
    private CharSequence[] values;
    /** The case-insensitive {@link AsciiString#hashCode(CharSequence)} of each name, compared first. */
    private int[] hashes;
    private int size;

    /**
     * @param validate whether names and values added are checked (names are tokens; values hold no CR, LF
     *     or NUL)
     */
    public FlatHeaders(boolean validate) {
        this.validate = validate;
        // Arrays come with the first header: most messages' trailers have none.
        this.names = NONE;
        this.values = NONE;
        this.hashes = NO_HASHES;
    }

    private static HttpHeadersFactory factory(boolean validate) {
        return new HttpHeadersFactory() {
            @Override
            public HttpHeaders newHeaders() {
                return new FlatHeaders(validate);
            }

            @Override
            public HttpHeaders newEmptyHeaders() {
                return new FlatHeaders(validate);
            }
        };
    }

    // --- lookups

    private int indexOf(CharSequence name, int from) {
        return indexOf(name, AsciiString.hashCode(name), from);
    }

    private int indexOf(CharSequence name, int hash, int from) {
        int[] h = hashes;
        for (int i = from; i < size; i++) {
            if (h[i] == hash && matches(names[i], name)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matches(CharSequence candidate, CharSequence name) {
        return candidate == name || AsciiString.contentEqualsIgnoreCase(candidate, name);
    }

    @Override
    public @Nullable String get(String name) {
        return get((CharSequence) name);
    }

    @Override
    public @Nullable String get(CharSequence name) {
        int i = indexOf(name, 0);
        return i < 0 ? null : values[i].toString();
    }

    @Override
    public @Nullable Integer getInt(CharSequence name) {
        return parse(name, Integer::valueOf);
    }

    @Override
    public int getInt(CharSequence name, int defaultValue) {
        Integer value = getInt(name);
        return value == null ? defaultValue : value;
    }

    @Override
    public @Nullable Short getShort(CharSequence name) {
        return parse(name, Short::valueOf);
    }

    @Override
    public short getShort(CharSequence name, short defaultValue) {
        Short value = getShort(name);
        return value == null ? defaultValue : value;
    }

    @Override
    public @Nullable Long getTimeMillis(CharSequence name) {
        return parse(name, value -> {
            Date date = DateFormatter.parseHttpDate(value);
            if (date == null) {
                throw new NumberFormatException(value);
            }
            return date.getTime();
        });
    }

    @Override
    public long getTimeMillis(CharSequence name, long defaultValue) {
        Long value = getTimeMillis(name);
        return value == null ? defaultValue : value;
    }

    /** The first value of a header converted, or null when the header is absent or does not convert. */
    private <T> @Nullable T parse(CharSequence name, Function<String, T> converter) {
        String value = get(name);
        if (value == null) {
            return null;
        }
        try {
            return converter.apply(value.trim());
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public List<String> getAll(String name) {
        return getAll((CharSequence) name);
    }

    @Override
    public List<String> getAll(CharSequence name) {
        int hash = AsciiString.hashCode(name);
        int i = indexOf(name, hash, 0);
        if (i < 0) {
            return Collections.emptyList();
        }
        List<String> all = new ArrayList<>(2);
        for (; i >= 0; i = indexOf(name, hash, i + 1)) {
            all.add(values[i].toString());
        }
        return all;
    }

    @Override
    public Iterator<String> valueStringIterator(CharSequence name) {
        return new ValueIterator<>(name, CharSequence::toString);
    }

    @Override
    public Iterator<? extends CharSequence> valueCharSequenceIterator(CharSequence name) {
        return new ValueIterator<>(name, value -> value);
    }

    @Override
    public boolean contains(String name) {
        return indexOf(name, 0) >= 0;
    }

    @Override
    public boolean contains(CharSequence name) {
        return indexOf(name, 0) >= 0;
    }

    @Override
    public boolean contains(String name, String value, boolean ignoreCase) {
        int hash = AsciiString.hashCode(name);
        for (int i = indexOf(name, hash, 0); i >= 0; i = indexOf(name, hash, i + 1)) {
            if (ignoreCase ? AsciiString.contentEqualsIgnoreCase(values[i], value) : AsciiString.contentEquals(values[i], value)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a header of this name lists the value among its comma-separated, trimmed elements. */
    @Override
    public boolean containsValue(CharSequence name, CharSequence value, boolean ignoreCase) {
        int hash = AsciiString.hashCode(name);
        for (int i = indexOf(name, hash, 0); i >= 0; i = indexOf(name, hash, i + 1)) {
            if (listsElement(values[i], value, ignoreCase)) {
                return true;
            }
        }
        return false;
    }

    private static boolean listsElement(CharSequence list, CharSequence element, boolean ignoreCase) {
        int length = list.length();
        int start = 0;
        while (start <= length) {
            int end = start;
            while (end < length && list.charAt(end) != ',') {
                end++;
            }
            int s = start;
            int e = end;
            while (s < e && isOws(list.charAt(s))) {
                s++;
            }
            while (e > s && isOws(list.charAt(e - 1))) {
                e--;
            }
            if (e - s == element.length() && regionMatches(list, s, element, ignoreCase)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean regionMatches(CharSequence list, int offset, CharSequence element, boolean ignoreCase) {
        for (int i = 0; i < element.length(); i++) {
            char a = list.charAt(offset + i);
            char b = element.charAt(i);
            if (a != b && (!ignoreCase || AsciiString.toLowerCase(a) != AsciiString.toLowerCase(b))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<String> names() {
        Set<String> all = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < size; i++) {
            all.add(names[i].toString());
        }
        return all;
    }

    @Override
    public List<Entry<String, String>> entries() {
        List<Entry<String, String>> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(new SimpleImmutableEntry<>(names[i].toString(), values[i].toString()));
        }
        return all;
    }

    @Override
    @Deprecated
    public Iterator<Entry<String, String>> iterator() {
        List<Entry<String, String>> all = entries();
        return all.iterator();
    }

    /**
     * Every header, in order, without a copy: the entry returned by {@code next()} is the iterator itself
     * and shows the next header after the following call, so read it before moving on (the HTTP encoder
     * does).
     */
    @Override
    public Iterator<Entry<CharSequence, CharSequence>> iteratorCharSequence() {
        return new Cursor();
    }

    // --- changes

    @Override
    public HttpHeaders add(String name, Object value) {
        return add((CharSequence) name, value);
    }

    @Override
    public HttpHeaders add(CharSequence name, Object value) {
        append(checkName(name, validate), AsciiString.hashCode(name), convert(value, validate));
        return this;
    }

    @Override
    public HttpHeaders add(String name, Iterable<?> values) {
        return add((CharSequence) name, values);
    }

    @Override
    public HttpHeaders add(CharSequence name, Iterable<?> all) {
        return appendAll(name, all, validate);
    }

    @Override
    public HttpHeaders addInt(CharSequence name, int value) {
        return add(name, Integer.toString(value));
    }

    @Override
    public HttpHeaders addShort(CharSequence name, short value) {
        return add(name, Short.toString(value));
    }

    @Override
    public HttpHeaders set(String name, Object value) {
        return set((CharSequence) name, value);
    }

    @Override
    public HttpHeaders set(CharSequence name, Object value) {
        CharSequence converted = convert(value, false);
        int hash = AsciiString.hashCode(name);
        int i = indexOf(name, hash, 0);
        if (i < 0) {
            append(checkName(name, false), hash, converted);
        } else {
            values[i] = converted; // keeps the header where it was
            removeFrom(name, hash, i + 1);
        }
        return this;
    }

    @Override
    public HttpHeaders set(String name, Iterable<?> values) {
        return set((CharSequence) name, values);
    }

    @Override
    public HttpHeaders set(CharSequence name, Iterable<?> all) {
        remove(name);
        return appendAll(name, all, false);
    }

    @Override
    public HttpHeaders setInt(CharSequence name, int value) {
        return set(name, Integer.toString(value));
    }

    @Override
    public HttpHeaders setShort(CharSequence name, short value) {
        return set(name, Short.toString(value));
    }

    @Override
    public HttpHeaders remove(String name) {
        return remove((CharSequence) name);
    }

    @Override
    public HttpHeaders remove(CharSequence name) {
        int hash = AsciiString.hashCode(name);
        int i = indexOf(name, hash, 0);
        if (i >= 0) {
            removeFrom(name, hash, i);
        }
        return this;
    }

    @Override
    public HttpHeaders clear() {
        Arrays.fill(names, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
        return this;
    }

    /** Removes every header of this name from index {@code from} on, keeping the order of the others. */
    private void removeFrom(CharSequence name, int hash, int from) {
        int kept = from;
        for (int i = from; i < size; i++) {
            if (hashes[i] != hash || !matches(names[i], name)) {
                names[kept] = names[i];
                values[kept] = values[i];
                hashes[kept] = hashes[i];
                kept++;
            }
        }
        Arrays.fill(names, kept, size, null);
        Arrays.fill(values, kept, size, null);
        size = kept;
    }

    private HttpHeaders appendAll(CharSequence name, Iterable<?> all, boolean check) {
        CharSequence checked = checkName(name, check);
        int hash = AsciiString.hashCode(name);
        for (Object value : all) {
            append(checked, hash, convert(value, check));
        }
        return this;
    }

    private void append(CharSequence name, int hash, CharSequence value) {
        if (size == names.length) {
            int capacity = Math.max(INITIAL_CAPACITY, size * 2);
            names = Arrays.copyOf(names, capacity);
            values = Arrays.copyOf(values, capacity);
            hashes = Arrays.copyOf(hashes, capacity);
        }
        names[size] = name;
        values[size] = value;
        hashes[size] = hash;
        size++;
    }

    private static CharSequence checkName(CharSequence name, boolean validate) {
        if (name == null || name.length() == 0) {
            throw new IllegalArgumentException("empty header name");
        }
        if (validate) {
            int bad = HttpHeaderValidationUtil.validateToken(name);
            if (bad >= 0) {
                throw new IllegalArgumentException("header name " + AsciiString.of(name)
                        + " holds a character a token may not hold at index " + bad);
            }
        }
        return name;
    }

    private static CharSequence convert(Object value, boolean validate) {
        CharSequence converted;
        if (value instanceof CharSequence text) {
            converted = text;
        } else if (value instanceof Date date) {
            converted = DateFormatter.format(date);
        } else if (value instanceof Calendar calendar) {
            converted = DateFormatter.format(calendar.getTime());
        } else if (value == null) {
            throw new NullPointerException("header value");
        } else {
            converted = value.toString();
        }
        if (validate) {
            int bad = HttpHeaderValidationUtil.validateValidHeaderValue(converted);
            if (bad >= 0) {
                throw new IllegalArgumentException("header value holds a character a value may not hold at index " + bad);
            }
        }
        return converted;
    }

    // --- iteration

    /** The values of one header, in order. */
    private final class ValueIterator<T> implements Iterator<T> {
        private final CharSequence name;
        private final int hash;
        private final Function<CharSequence, T> conversion;
        private int next;

        ValueIterator(CharSequence name, Function<CharSequence, T> conversion) {
            this.name = name;
            this.hash = AsciiString.hashCode(name);
            this.conversion = conversion;
            this.next = indexOf(name, hash, 0);
        }

        @Override
        public boolean hasNext() {
            return next >= 0;
        }

        @Override
        public T next() {
            if (next < 0) {
                throw new NoSuchElementException();
            }
            T value = conversion.apply(values[next]);
            next = indexOf(name, hash, next + 1);
            return value;
        }
    }

    /** Every header, in order; it is its own entry. */
    private final class Cursor implements Iterator<Entry<CharSequence, CharSequence>>, Entry<CharSequence, CharSequence> {
        private int next;
        private int current = -1;

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public Entry<CharSequence, CharSequence> next() {
            if (next >= size) {
                throw new NoSuchElementException();
            }
            current = next++;
            return this;
        }

        @Override
        public CharSequence getKey() {
            return names[current];
        }

        @Override
        public CharSequence getValue() {
            return values[current];
        }

        @Override
        public CharSequence setValue(CharSequence value) {
            throw new UnsupportedOperationException("read-only view of the headers");
        }
    }
}
