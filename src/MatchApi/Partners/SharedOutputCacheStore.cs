using MatchApi.Deployment;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.OutputCaching.StackExchangeRedis;
using StackExchange.Redis;

namespace MatchApi.Partners;

/// <summary>
/// The output cache's store: Redis (one cache for every instance) when Redis:Configuration is set, Redis:OutputCache is not
/// false and Redis answers; otherwise ASP.NET Core's in-memory store. A Redis call that fails or is slow is a cache miss
/// (the request runs its handler), never an error, and the store is in memory until Redis may be used again
/// (<see cref="RedisConnection.Available"/>). What a cached answer varies by is the policy's business (PartnerAccess), not the
/// store's: the catalog version, the service build and the day in Japan are in every key, so an instance never serves a page of a
/// catalog it has not loaded.
/// </summary>
internal sealed class SharedOutputCacheStore(IOutputCacheStore inMemory, IOutputCacheStore? inRedis, RedisConnection redis) : IOutputCacheStore
{
    /// <summary>
    /// Registers this store in place of the in-memory one that AddOutputCache registered, with Microsoft's Redis store beside it
    /// on the shared <see cref="RedisConnection"/> (its keys start with Redis:KeyPrefix + "output:").
    /// </summary>
    public static void Register(IServiceCollection services)
    {
        var inMemory = Take(services);
        services.AddStackExchangeRedisOutputCache(_ => { });
        var inRedis = Take(services);
        services.AddOptions<RedisOutputCacheOptions>().Configure<RedisConnection>((cache, connection) =>
        {
            cache.InstanceName = connection.Options.KeyPrefix + "output:";
            cache.ConnectionMultiplexerFactory = () => Task.FromResult(connection.Available
                ?? throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis is not available."));
        });
        services.AddSingleton<IOutputCacheStore>(sp =>
        {
            var connection = sp.GetRequiredService<RedisConnection>();
            var shared = connection is { IsConfigured: true, Options.OutputCache: true } ? inRedis(sp) : null;
            return new SharedOutputCacheStore(inMemory(sp), shared, connection);
        });
    }

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (Shared() is { } store)
        {
            try
            {
                var value = await store.GetAsync(key, cancellationToken).AsTask().WaitAsync(redis.Timeout, cancellationToken);
                redis.ReportSuccess();
                return value;
            }
            catch (Exception error) when (IsRedisFailure(error))
            {
                redis.ReportFailure(error);
            }
        }
        return await inMemory.GetAsync(key, cancellationToken);
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        if (Shared() is { } store)
        {
            try
            {
                await store.SetAsync(key, value, tags, validFor, cancellationToken).AsTask().WaitAsync(redis.Timeout, cancellationToken);
                redis.ReportSuccess();
                return;
            }
            catch (Exception error) when (IsRedisFailure(error))
            {
                redis.ReportFailure(error);
            }
        }
        await inMemory.SetAsync(key, value, tags, validFor, cancellationToken);
    }

    /// <summary>Both stores: entries written in memory during an outage must go as well.</summary>
    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        await inMemory.EvictByTagAsync(tag, cancellationToken);
        if (Shared() is not { } store) return;
        try
        {
            await store.EvictByTagAsync(tag, cancellationToken).AsTask().WaitAsync(redis.Timeout, cancellationToken);
        }
        catch (Exception error) when (IsRedisFailure(error))
        {
            redis.ReportFailure(error);
        }
    }

    private IOutputCacheStore? Shared() => inRedis is not null && redis.Available is not null ? inRedis : null;

    private static bool IsRedisFailure(Exception error) => error is RedisException or TimeoutException or ObjectDisposedException;

    /// <summary>Removes the store registered last and returns how to build it.</summary>
    private static Func<IServiceProvider, IOutputCacheStore> Take(IServiceCollection services)
    {
        var descriptor = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        services.Remove(descriptor);
        return sp => (IOutputCacheStore)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!));
    }
}
