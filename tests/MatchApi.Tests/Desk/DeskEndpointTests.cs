using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MatchApi.Tests.Desk;

/// <summary>The desk's files through the real HTTP pipeline: content types, security headers, caching, the / redirect, OpenAPI.</summary>
[Collection(ApiCollection.Name)]
public sealed partial class DeskEndpointTests(ReadyApp app)
{
    private readonly HttpClient _client = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();

    [GeneratedRegex(@"\sstyle\s*=|<style", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyle();

    [Theory]
    [InlineData("/desk", "text/html")]
    [InlineData("/desk/desk.js", "text/javascript")]
    [InlineData("/desk/desk.css", "text/css")]
    [InlineData("/desk/desk-icon.svg", "image/svg+xml")]
    public async Task Each_desk_file_has_its_content_type_and_the_security_headers(string path, string mediaType)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        if (mediaType.StartsWith("text/", StringComparison.Ordinal)) Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);

        var csp = Header(response, "Content-Security-Policy");
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d[(d.IndexOf(' ') + 1)..]);
        Assert.Equal("'self'", directives["default-src"]);
        Assert.Equal("'self'", directives["script-src"]);
        Assert.Equal("'self'", directives["style-src"]);
        Assert.Equal("'none'", directives["frame-ancestors"]);
        Assert.Equal("'none'", directives["object-src"]);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task The_page_has_no_inline_script_style_or_event_handler_that_the_policy_would_block()
    {
        var html = await _client.GetStringAsync("/desk");

        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(EventHandlerAttribute(), html);
        Assert.DoesNotMatch(InlineStyle(), html);
        Assert.Contains("<html lang=\"ja\">", html);
        Assert.Contains("src=\"/desk/desk.js\"", html);
        Assert.Contains("href=\"/desk/desk.css\"", html);
    }

    [Fact]
    public async Task The_root_redirects_to_the_desk()
    {
        using var response = await _client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/desk", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_desk_files_are_revalidated_and_answer_304_while_unchanged()
    {
        using var first = await _client.GetAsync("/desk/desk.js");
        Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());
        var etag = first.Headers.ETag?.ToString();
        Assert.NotNull(etag);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/desk/desk.js");
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var second = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Contains("frame-ancestors 'none'", Header(second, "Content-Security-Policy"));
    }

    [Fact]
    public async Task The_pages_are_not_in_the_OpenAPI_document()
    {
        var document = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.DoesNotContain(paths, p => p == "/" || p.StartsWith("/desk", StringComparison.Ordinal));
        Assert.Contains("/api/v1/schemes", paths);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(", ", contentValues)
        : throw new Xunit.Sdk.XunitException($"{name} is missing");
}
