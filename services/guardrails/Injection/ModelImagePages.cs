using System.Globalization;
using System.Runtime.InteropServices;

namespace MlOps.Guardrails.Injection;

/// <summary>
/// Hands back the pages of an assembly image that were read once and are not needed again. The MiniLM package embeds its
/// ~90 MB model in its assembly; reading it to build the ONNX session leaves those mapped pages resident (counted in the
/// service's RSS) although the session holds its own copy. MADV_PAGEOUT asks the kernel to reclaim them: clean file pages
/// are dropped (and read again from the file if ever touched), nothing written is lost.
/// </summary>
public static class ModelImagePages
{
    private const int MadvisePageout = 21;

    /// <summary>Reclaims the resident pages of the file the assembly was loaded from; false where that is not possible.</summary>
    public static bool Release(System.Reflection.Assembly assembly)
    {
        var path = assembly.Location;
        if (!OperatingSystem.IsLinux() || path.Length == 0 || !File.Exists("/proc/self/maps"))
        {
            return false;
        }
        var released = false;
        foreach (var line in File.ReadLines("/proc/self/maps").Where(l => l.EndsWith(path, StringComparison.Ordinal)))
        {
            var range = line[..line.IndexOf(' ', StringComparison.Ordinal)].Split('-');
            var start = nint.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var end = nint.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            released |= Madvise(start, (nuint)(end - start), MadvisePageout) == 0;
        }
        return released;
    }

    // Blittable arguments only: no marshalling, so a plain DllImport needs no unsafe code.
    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(nint address, nuint length, int advice);
}
