using System.Collections.Concurrent;

namespace MatchApi.Search.Querying;

/// <summary>
/// Remembers computed values up to a number of entries; past that, values are computed each time (a flood of
/// distinct keys cannot grow it without bound). A capacity of 0 remembers nothing.
/// </summary>
public sealed class BoundedCache<TKey, TValue>(int capacity, IEqualityComparer<TKey>? comparer = null) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _values = new(comparer);

    // Counted here: ConcurrentDictionary.Count takes every lock of the table, on every miss.
    private int _count;

    public TValue GetOrAdd(TKey key, Func<TKey, TValue> compute)
    {
        if (_values.TryGetValue(key, out var value)) return value;
        value = compute(key);
        if (Volatile.Read(ref _count) >= capacity) return value;
        // A place is taken before the value is added, so that racing misses never remember more than the capacity.
        if (Interlocked.Increment(ref _count) > capacity || !_values.TryAdd(key, value)) Interlocked.Decrement(ref _count);
        return value;
    }

    /// <summary>
    /// The remembered value, or a new one when there is room to remember it; null when the cache is full (for a value
    /// that is only worth computing if it is kept, e.g. arrays filled lazily by later calls).
    /// </summary>
    public TValue? Remembered(TKey key, Func<TKey, TValue> compute)
    {
        if (_values.TryGetValue(key, out var value)) return value;
        if (Volatile.Read(ref _count) >= capacity) return default;
        if (Interlocked.Increment(ref _count) > capacity)
        {
            Interlocked.Decrement(ref _count);
            return default;
        }
        value = compute(key);
        if (_values.TryAdd(key, value)) return value;
        Interlocked.Decrement(ref _count);
        return _values[key]; // another call added it first: share that one
    }
}
