using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MatchApi.Deployment;

/// <summary>Where the rate limits (or the output cache) are kept right now, as /health/ready reports it.</summary>
public enum SharedStateMode
{
    /// <summary>No Redis is configured (one instance): in this process, as designed.</summary>
    InProcess,

    /// <summary>In Redis, shared by every instance.</summary>
    Redis,

    /// <summary>Redis is configured but does not answer: in this process until it does, so each instance counts alone.</summary>
    InProcessFallback,
}

/// <summary>
/// The process's one connection to Redis (Redis:Configuration), used by the shared rate limits and the output cache, and
/// whether they may use it now: connected, and no call failed within Redis:RetrySeconds. Without the setting there is no
/// connection and everything stays in process. Start-up never waits for Redis longer than a few seconds, and a Redis that
/// is down or goes away is retried in the background: until it answers, callers fall back to their in-process state,
/// one log line says so, and one more says when Redis is back.
/// </summary>
public sealed class RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>How long start-up waits for the first connection before serving with in-process state.</summary>
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(5);

    private readonly RedisOptions _options = options.Value;
    private readonly CancellationTokenSource _stopping = new();
    private volatile ConnectionMultiplexer? _multiplexer;
    private Task _connecting = Task.CompletedTask;

    /// <summary>Environment.TickCount64 of the last failed call; 0 once a call succeeded again.</summary>
    private long _failedAt;

    /// <summary>1 from the first sign of an outage to the first call that works again (one log line for each).</summary>
    private int _down;

    private DateTimeOffset? _downSince;

    public bool IsConfigured => _options.IsConfigured;
    public RedisOptions Options => _options;
    public TimeSpan Timeout => TimeSpan.FromMilliseconds(_options.TimeoutMilliseconds);

    /// <summary>The connection, when Redis may be used now; otherwise null and the caller keeps its state in process.</summary>
    public IConnectionMultiplexer? Available
    {
        get
        {
            if (_multiplexer is not { IsConnected: true } multiplexer) return null;
            var failedAt = Volatile.Read(ref _failedAt);
            return failedAt == 0 || Environment.TickCount64 - failedAt >= _options.RetrySeconds * 1000L ? multiplexer : null;
        }
    }

    public SharedStateMode LimitsMode => !IsConfigured ? SharedStateMode.InProcess : Available is null ? SharedStateMode.InProcessFallback : SharedStateMode.Redis;

    /// <summary>Where the output cache is kept when the limits are kept in <paramref name="limits"/> (one reading of Redis for both).</summary>
    public SharedStateMode OutputCacheModeFor(SharedStateMode limits) => _options.OutputCache ? limits : SharedStateMode.InProcess;

    /// <summary>When the current outage began (null while Redis answers or is not configured).</summary>
    public DateTimeOffset? UnavailableSince => LimitsMode == SharedStateMode.InProcessFallback ? _downSince ?? DateTimeOffset.UtcNow : null;

    /// <summary>A call to Redis failed or took longer than Redis:TimeoutMilliseconds: leave Redis alone for Redis:RetrySeconds.</summary>
    public void ReportFailure(Exception error)
    {
        Volatile.Write(ref _failedAt, Math.Max(1, Environment.TickCount64));
        // Only the exception's type: StackExchange.Redis messages can name the key, and a key can hold a client IP.
        MarkDown(error.GetType().Name);
    }

    public void ReportSuccess()
    {
        if (Volatile.Read(ref _failedAt) != 0) Volatile.Write(ref _failedAt, 0);
        if (Volatile.Read(ref _down) == 1 && Interlocked.Exchange(ref _down, 0) == 1)
            logger.LogInformation("Redis answers again: rate limits are shared by all instances again{Cache}",
                _options.OutputCache ? ", and so is the output cache" : "");
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!IsConfigured) return;
        _connecting = ConnectAsync(_stopping.Token);
        await Task.WhenAny(_connecting, Task.Delay(StartWait, cancellationToken));
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    /// <remarks>The host may stop this service after disposing it (WebApplicationFactory does): both are idempotent, and the
    /// token source, which holds no timer, is left to the collector.</remarks>
    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        await _connecting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (Interlocked.Exchange(ref _multiplexer, null) is { } multiplexer) await multiplexer.DisposeAsync();
    }

    private async Task ConnectAsync(CancellationToken stopping)
    {
        var configuration = ConfigurationOptions.Parse(_options.Configuration!);
        configuration.AbortOnConnectFail = false;              // a Redis that is down at start is retried in the background
        configuration.BacklogPolicy = BacklogPolicy.FailFast;  // while disconnected a call fails at once instead of queueing
        configuration.ReconnectRetryPolicy = new LinearRetry(_options.RetrySeconds * 1000);
        configuration.ClientName ??= "matchapi";
        var servers = string.Join(", ", configuration.EndPoints.Select(EndPointCollection.ToString));

        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
                multiplexer.ConnectionFailed += (_, failed) => MarkDown(failed.FailureType.ToString());
                _multiplexer = multiplexer;
                if (multiplexer.IsConnected)
                    logger.LogInformation("Rate limits are shared through Redis at {Servers}{Cache}", servers,
                        _options.OutputCache ? ", and so is the output cache" : "");
                else
                    MarkDown("not reachable at " + servers);
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // AbortOnConnectFail=false keeps unreachable servers out of here; what is left (e.g. no address for the host name)
                // is retried like an outage.
                MarkDown(error.GetType().Name);
                try { await Task.Delay(TimeSpan.FromSeconds(_options.RetrySeconds), stopping); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private void MarkDown(string reason)
    {
        if (Interlocked.Exchange(ref _down, 1) == 1) return;
        _downSince = DateTimeOffset.UtcNow;
        logger.LogWarning("Redis is unavailable ({Reason}): rate limits are counted by each instance alone{Cache} until it answers again",
            reason, _options.OutputCache ? ", and the output cache is kept in process," : "");
    }
}
