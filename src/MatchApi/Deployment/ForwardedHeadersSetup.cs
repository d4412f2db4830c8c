using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MatchApi.Deployment;

/// <summary>
/// The "ForwardedHeaders" configuration section: the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.
/// Only a request whose connection comes from one of them has its client IP (per-IP rate limits) and scheme taken from
/// those headers; from any other address the headers are ignored, so a caller cannot choose its own rate-limit partition.
/// Empty (the default): no proxy is trusted, the connection's address is the client's.
/// </summary>
/// <example>
/// "ForwardedHeaders": { "KnownProxies": ["172.30.0.10"], "KnownNetworks": ["10.1.0.0/16"], "ForwardLimit": 1 }
/// Environment: ForwardedHeaders__KnownProxies__0=172.30.0.10
/// </example>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. 172.30.0.10 or ::ffff:172.30.0.10.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. 10.1.0.0/16.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>
    /// How many proxy hops to read from the right of X-Forwarded-For (each must be trusted to go further). 1: one proxy in
    /// front, whose own entry is the caller's; entries a caller wrote itself further left are never read.
    /// </summary>
    public int ForwardLimit { get; set; } = 1;

    public bool TrustsAnyProxy => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}

internal sealed class ForwardedHeadersSettingsValidator : IValidateOptions<ForwardedHeadersSettings>
{
    public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings settings)
    {
        var failures = new List<string>();
        for (var i = 0; i < settings.KnownProxies.Count; i++)
            if (!IPAddress.TryParse(settings.KnownProxies[i], out _))
                failures.Add($"ForwardedHeaders:KnownProxies:{i} ('{Cut(settings.KnownProxies[i])}') is not an IP address, e.g. 172.30.0.10.");
        for (var i = 0; i < settings.KnownNetworks.Count; i++)
            if (!System.Net.IPNetwork.TryParse(settings.KnownNetworks[i], out _))
                failures.Add($"ForwardedHeaders:KnownNetworks:{i} ('{Cut(settings.KnownNetworks[i])}') is not a network in CIDR notation, e.g. 10.1.0.0/16.");
        if (settings.ForwardLimit is < 1 or > 10)
            failures.Add("ForwardedHeaders:ForwardLimit must be between 1 and 10 (the proxies in front of the service).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Cut(string value) => value.Length <= 50 ? value : value[..50] + "…";
}

public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddForwardedHeadersFromSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ForwardedHeadersSettings>().Bind(configuration.GetSection(ForwardedHeadersSettings.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ForwardedHeadersSettings>, ForwardedHeadersSettingsValidator>());
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((forwarded, settings) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = settings.Value.ForwardLimit;
            // Only what is configured: not ASP.NET Core's default of trusting loopback.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in settings.Value.KnownProxies) forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in settings.Value.KnownNetworks) forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        return services;
    }

    /// <summary>First in the pipeline, before anything reads the client IP; nothing at all when no proxy is trusted.</summary>
    public static IApplicationBuilder UseForwardedHeadersFromSettings(this IApplicationBuilder app)
    {
        // Reading the settings here validates them, so a wrong address stops the start with its message.
        if (app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value.TrustsAnyProxy)
            app.UseForwardedHeaders();
        return app;
    }
}
