using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MatchApi.Deployment;

/// <summary>
/// The "Redis" configuration section. With <see cref="Configuration"/> set, the partner rate limits are counted in Redis, so
/// several instances share one limit per key and per client IP, and the output cache can live there too; without it, both stay
/// in each process (one instance needs no Redis).
/// </summary>
/// <example>
/// "Redis": { "Configuration": "redis:6379,password=…", "KeyPrefix": "matchapi:", "OutputCache": true }
/// Environment: Redis__Configuration=redis:6379
/// </example>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string ("host:port[,password=…][,ssl=true]"); empty: no Redis.</summary>
    public string? Configuration { get; set; }

    /// <summary>Starts every key MatchApi writes to Redis, so one Redis can serve other applications or several deployments.</summary>
    public string KeyPrefix { get; set; } = "matchapi:";

    /// <summary>Keep the output cache in Redis too (one cache for all instances); false: each instance keeps its own.</summary>
    public bool OutputCache { get; set; } = true;

    /// <summary>
    /// The longest a request waits for Redis. A call that takes longer, or fails, is counted in process instead and Redis is left
    /// alone for <see cref="RetrySeconds"/>.
    /// </summary>
    public int TimeoutMilliseconds { get; set; } = 1000;

    /// <summary>After Redis failed: how long limits stay in process before Redis is tried again, and how often to reconnect.</summary>
    public int RetrySeconds { get; set; } = 5;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Configuration);
}

/// <summary>Fails start-up on a Redis setting that can never work, so a typo is not mistaken for an outage.</summary>
internal sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        var failures = new List<string>();
        if (options.IsConfigured)
        {
            try
            {
                // The value is never echoed: it may carry a password. StackExchange.Redis names the keyword it rejects.
                if (ConfigurationOptions.Parse(options.Configuration!).EndPoints.Count == 0)
                    failures.Add("Redis:Configuration names no server; expected host:port, e.g. redis:6379.");
            }
            catch (ArgumentException error)
            {
                failures.Add($"Redis:Configuration is not a StackExchange.Redis configuration string (host:port[,password=…]): {error.Message}");
            }
        }
        if (string.IsNullOrWhiteSpace(options.KeyPrefix) || options.KeyPrefix.Any(char.IsWhiteSpace))
            failures.Add("Redis:KeyPrefix must be a non-empty prefix without spaces, e.g. matchapi:.");
        if (options.TimeoutMilliseconds is < 1 or > 60_000)
            failures.Add("Redis:TimeoutMilliseconds must be between 1 and 60000.");
        if (options.RetrySeconds is < 1 or > 3600)
            failures.Add("Redis:RetrySeconds must be between 1 and 3600.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

public static class RedisSetup
{
    /// <summary>Redis:* bound and validated at start, and the one <see cref="RedisConnection"/> (which connects only when configured).</summary>
    public static IServiceCollection AddRedisConnection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>());
        services.TryAddSingleton<RedisConnection>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisConnection>());
        return services;
    }
}
