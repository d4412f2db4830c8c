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

    public int Capacity => capacity;

    public TValue GetOrAdd(TKey key, Func<TKey, TValue> compute)
    {
        if (_values.TryGetValue(key, out var value)) return value;
        value = compute(key);
        if (Volatile.Read(ref _count) >= capacity) return value;
        // A place is taken before the value is added, so that racing misses never remember more than the capacity.
        if (Interlocked.Increment(ref _count) > capacity || !_values.TryAdd(key, value)) Interlocked.Decrement(ref _count);
        return value;
    }
}
