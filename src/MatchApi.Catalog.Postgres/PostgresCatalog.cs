using MatchApi.Catalog.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MatchApi.Catalog.Postgres;

/// <summary>The catalog on PostgreSQL: the same <see cref="CatalogDbContext"/>, with this assembly's migrations.</summary>
public static class PostgresCatalog
{
    public static DbContextOptionsBuilder UseCatalogPostgres(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(typeof(PostgresCatalog).Assembly.GetName().Name));
}

/// <summary>For migrations authored with the EF Core tools (dotnet ef migrations add … --project src/MatchApi.Catalog.Postgres --startup-project src/MatchApi.Catalog.Postgres).</summary>
internal sealed class DesignTimePostgresCatalogContext : IDesignTimeDbContextFactory<CatalogDbContext>
{
    public CatalogDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CatalogDbContext>();
        options.UseCatalogPostgres("Host=localhost;Database=design_time");
        return new(options.Options);
    }
}
