package swiftbinder.fixed;

/** Fixed-size arrays (T[N], T[N][M]) in fields, parameters and results. */
interface IFixedArrays {
    const int SIZE = 3;

    parcelable Fixed {
        int[SIZE] ints;
        byte[2] bytes;
        boolean[2] flags;
        String[2] names;
        long[2][3] grid;
        @nullable int[2] maybe;
        Pair[2] pairs;
        int[3] preset = {1, 2, 3};

        parcelable Pair { int a; }
    }

    Fixed repeat(in Fixed value);
    int[2][3] transpose(in int[3][2] matrix);
    void fill(out int[3] values);
}
