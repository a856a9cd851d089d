namespace AksesSpse.Core; public static class Placeholder {}
