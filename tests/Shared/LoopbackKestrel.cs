using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MatchApi.Testing;

public static class LoopbackKestrel
{
    /// <summary>
    /// Starts the factory's service on Kestrel at a free port on 127.0.0.1 (the address is then in ClientOptions.BaseAddress).
    /// Not <c>UseKestrel(0)</c>: that overload rewrites the server's address list after the host is built, racing the
    /// minimal app's own start, which intermittently throws "IServerAddressesFeature.Addresses cannot be modified after
    /// the server has started" (dotnet/aspnetcore#67714). Listening on an endpoint leaves the list alone.
    /// </summary>
    public static void StartOnLoopback<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory) where TEntryPoint : class
    {
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
    }
}
