using MlOps.Ingest.Loading;
using static MlOps.Ingest.Tests.Warehouse.TestTables;

namespace MlOps.Ingest.Tests.Lake;

public sealed class LakeLockTests(LakeFolder lake) : IClassFixture<LakeFolder>
{
    [Fact]
    public async Task Begin_DatasetLockedByAnotherLoad_WaitsUntilItEnds()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var destination = LakeFolder.Parquet("locked");
        var first = await lake.Lake().BeginAsync(Job("acme", "locked") with { Destination = destination }, cancellationToken);

        var second = lake.Lake().BeginAsync(Job("acme", "locked") with { Destination = destination }, cancellationToken);
        Assert.False(second.IsCompleted);
        await first.DisposeAsync();
        lake.Time.Advance(TimeSpan.FromMilliseconds(200));

        await using var writer = await second;
        Assert.False(writer.AlreadyLoaded);
    }

    [Fact]
    public async Task Begin_OtherDatasetLocked_DoesNotWait()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var first = await lake.Lake().BeginAsync(
            Job("acme", "one") with { Destination = LakeFolder.Parquet("locks") }, cancellationToken);

        var second = lake.Lake().BeginAsync(Job("acme", "two") with { Destination = LakeFolder.Parquet("locks") }, cancellationToken);

        Assert.True(second.IsCompletedSuccessfully);
        await (await second).DisposeAsync();
    }
}
