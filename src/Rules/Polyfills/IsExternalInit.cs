#if !NET5_0_OR_GREATER
namespace System.Runtime.CompilerServices
{
    // Lets netstandard2.0 builds use records and init accessors; the compiler only needs the type to exist.
    internal static class IsExternalInit
    {
    }
}
#endif
