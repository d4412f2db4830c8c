using System.Diagnostics;
using System.Threading.RateLimiting;
using MatchApi.Deployment;
using RedisRateLimiting;
using StackExchange.Redis;

namespace MatchApi.Partners;

/// <summary>
/// The fixed windows behind every partner limit (per key, per client IP, invalid keys per client IP). With Redis configured
/// and answering, a window is counted in Redis, so all instances share it: a key limited to 50 a minute gets 50 in total,
/// however many instances serve it. Without Redis, or while it does not answer, the same window is counted in this process,
/// so the limits still hold per instance: the service never stops limiting, and never answers 5xx, because Redis is away.
/// </summary>
internal sealed class SharedLimits(RedisConnection redis)
{
    /// <param name="partition">"{kind}:{partner id or client IP}"; in Redis it sits under Redis:KeyPrefix.</param>
    public RateLimitPartition<string> FixedWindow(string partition, int permitLimit, int windowSeconds) =>
        RateLimitPartition.Get(partition, key => new SharedFixedWindowLimiter(key, permitLimit, TimeSpan.FromSeconds(windowSeconds), redis));
}

/// <summary>
/// One partition's fixed window: in Redis (RedisRateLimiting's Lua script) when <see cref="RedisConnection.Available"/>,
/// otherwise in process. A Redis call that fails or exceeds Redis:TimeoutMilliseconds is counted in process instead and
/// reported, so the next requests do not wait for Redis again until Redis:RetrySeconds have passed.
/// </summary>
internal sealed class SharedFixedWindowLimiter : RateLimiter
{
    /// <summary>
    /// The synchronous attempt cannot ask Redis; a lease that is not acquired makes ASP.NET Core's limiter ask asynchronously.
    /// </summary>
    private static readonly RateLimitLease AskAsynchronously = new SharedLease(isAcquired: false, retryAfter: null);

    private readonly string _partition;
    private readonly int _permitLimit;
    private readonly TimeSpan _window;
    private readonly RedisConnection _redis;
    private readonly FixedWindowRateLimiter _inProcess;
    private RedisFixedWindowRateLimiter<string>? _shared;
    private int _sharedCallsInFlight;
    private long _lastSharedUse = Stopwatch.GetTimestamp();

    public SharedFixedWindowLimiter(string partition, int permitLimit, TimeSpan window, RedisConnection redis)
    {
        _partition = partition;
        _permitLimit = permitLimit;
        _window = window;
        _redis = redis;
        _inProcess = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitLimit,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>
    /// Idle once the in-process window is full again and no Redis call is under way; the partitioned limiter then drops this
    /// partition (the Redis window lives on in Redis).
    /// </summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            if (Volatile.Read(ref _sharedCallsInFlight) > 0 || _inProcess.IdleDuration is not { } inProcessIdle) return null;
            var sinceShared = Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastSharedUse));
            return sinceShared < inProcessIdle ? sinceShared : inProcessIdle;
        }
    }

    public override RateLimiterStatistics? GetStatistics() => _inProcess.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        _redis.Available is null ? _inProcess.AttemptAcquire(permitCount) : AskAsynchronously;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (_redis.Available is { } multiplexer)
        {
            Interlocked.Increment(ref _sharedCallsInFlight);
            try
            {
                using var lease = await Shared(multiplexer).AcquireAsync(permitCount, cancellationToken).AsTask()
                    .WaitAsync(_redis.Timeout, cancellationToken);
                _redis.ReportSuccess();
                return new SharedLease(lease.IsAcquired,
                    lease.TryGetMetadata(RateLimitMetadataName.RetryAfter, out var seconds) ? TimeSpan.FromSeconds(seconds) : null);
            }
            catch (Exception error) when (error is RedisException or TimeoutException or ObjectDisposedException)
            {
                // RedisTimeoutException is a TimeoutException, and so is the one WaitAsync throws.
                _redis.ReportFailure(error);
            }
            finally
            {
                Interlocked.Exchange(ref _lastSharedUse, Stopwatch.GetTimestamp());
                Interlocked.Decrement(ref _sharedCallsInFlight);
            }
        }
        return await _inProcess.AcquireAsync(permitCount, cancellationToken);
    }

    private RedisFixedWindowRateLimiter<string> Shared(IConnectionMultiplexer multiplexer) =>
        _shared ??= new RedisFixedWindowRateLimiter<string>(_redis.Options.KeyPrefix + _partition, new RedisFixedWindowRateLimiterOptions
        {
            PermitLimit = _permitLimit,
            Window = _window,
            ConnectionMultiplexerFactory = () => multiplexer,
        });

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inProcess.Dispose();
            _shared?.Dispose();
        }
        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await _inProcess.DisposeAsync();
        if (_shared is not null) await _shared.DisposeAsync();
    }

    /// <summary>A Redis window's answer, with Retry-After as <see cref="MetadataName.RetryAfter"/> like the in-process limiter's.</summary>
    private sealed class SharedLease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => isAcquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
