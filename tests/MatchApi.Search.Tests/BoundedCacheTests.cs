using MatchApi.Search.Querying;

namespace MatchApi.Search.Tests;

public sealed class BoundedCacheTests
{
    [Fact]
    public void Remembers_up_to_its_capacity_then_computes_each_time()
    {
        var cache = new BoundedCache<int, string>(capacity: 2);
        var computed = new List<int>();
        string Compute(int key) { computed.Add(key); return key.ToString(); }

        foreach (var key in new[] { 1, 2, 3, 1, 2, 3, 3 }) Assert.Equal(key.ToString(), cache.GetOrAdd(key, Compute));

        Assert.Equal([1, 2, 3, 3, 3], computed);
    }

    [Fact]
    public void A_capacity_of_zero_remembers_nothing()
    {
        var cache = new BoundedCache<string, object>(capacity: 0);
        Assert.NotSame(cache.GetOrAdd("治験", _ => new object()), cache.GetOrAdd("治験", _ => new object()));
    }

    [Fact]
    public void Remembered_gives_the_kept_value_and_nothing_once_the_cache_is_full()
    {
        var cache = new BoundedCache<int, object>(capacity: 2);
        var first = cache.Remembered(1, _ => new object());
        Assert.NotNull(first);
        Assert.Same(first, cache.Remembered(1, _ => new object()));
        Assert.NotNull(cache.Remembered(2, _ => new object()));
        Assert.Null(cache.Remembered(3, _ => throw new InvalidOperationException("computed although it could not be kept")));
        Assert.Same(first, cache.Remembered(1, _ => new object()));
        Assert.Null(new BoundedCache<int, object>(capacity: 0).Remembered(1, _ => new object()));
    }

    [Fact]
    public void Concurrent_misses_never_remember_more_than_the_capacity()
    {
        var cache = new BoundedCache<int, int>(capacity: 100);
        Parallel.For(0, 10_000, key => cache.GetOrAdd(key, k => k));
        var remembered = Enumerable.Range(0, 10_000).Count(key => cache.GetOrAdd(key, _ => -1) == key);
        Assert.Equal(100, remembered);
    }
}
