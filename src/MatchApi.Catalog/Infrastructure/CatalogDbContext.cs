using MatchApi.Catalog.Model;
using Microsoft.EntityFrameworkCore;

namespace MatchApi.Catalog.Infrastructure;

public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public DbSet<Scheme> Schemes => Set<Scheme>();
    public DbSet<CatalogState> State => Set<CatalogState>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Scheme>(scheme =>
        {
            scheme.ToTable("schemes");
            scheme.HasKey(s => s.Id);
            scheme.HasIndex(s => s.Name).IsUnique();
            scheme.OwnsOne(s => s.Period);
            scheme.OwnsMany(s => s.Budgets, b => b.ToJson());
            scheme.OwnsMany(s => s.GrantCaps, c => c.ToJson());
            scheme.OwnsMany(s => s.Related, r => r.ToJson());
            scheme.OwnsMany(s => s.Sources, s => s.ToJson());
        });
        model.Entity<CatalogState>(state =>
        {
            state.ToTable("catalog_state");
            state.HasKey(s => s.Id);
        });
    }
}

/// <summary>The single row recording which content of data/ the database holds.</summary>
public sealed class CatalogState
{
    public const int SingletonId = 1;
    public int Id { get; set; } = SingletonId;
    public required string ContentHash { get; set; }
    public DateTimeOffset LoadedAt { get; set; }
    public int SchemeCount { get; set; }
}
