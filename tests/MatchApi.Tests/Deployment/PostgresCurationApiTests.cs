using MatchApi.Tests.Curation;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Deployment;

/// <summary>The curation tests (<see cref="CurationApiTests"/>) on Catalog:Store=postgres: one model, the same behaviour on both stores.</summary>
public sealed class PostgresCurationApp : CurationApp, IAsyncLifetime
{
    private static readonly PostgresServer Server = PostgresServer.Shared;
    private readonly string _database;

    public PostgresCurationApp() : this(Server.NewDatabaseName()) { }

    private PostgresCurationApp(string database) : base(FactoryFor(database)) => _database = database;

    private static MatchApiFactory FactoryFor(string database)
    {
        var settings = Curators.Settings();
        settings["Catalog:Store"] = "postgres";
        settings["ConnectionStrings:Catalog"] = Server.ConnectionString(database);
        var work = Directory.CreateTempSubdirectory("matchapi-curation-").FullName;
        return new MatchApiFactory(RepositoryPaths.CopyOfData(work), settings);
    }

    /// <summary>The database exists before the service first reads its settings.</summary>
    public new async Task InitializeAsync()
    {
        await Server.CreateDatabaseAsync(_database);
        await base.InitializeAsync();
    }
}

public sealed class PostgresCurationApiTests(PostgresCurationApp app) : CurationApiTests(app), IClassFixture<PostgresCurationApp>;
