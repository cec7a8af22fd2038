package swiftbinder.nested;

/** Types nested in an interface, in a parcelable and in a nested parcelable. */
interface INested {
    @Backing(type="int")
    enum Status { OK, BAD = 7 }

    parcelable Request {
        int id;
        Status status = Status.BAD;
        Detail detail;

        union Detail {
            int code;
            String text;
        }

        /** An interface nested in a parcelable: a protocol in a struct's extension. */
        interface IObserver {
            void seen(in Detail detail);
        }
    }

    interface ICallback {
        void done(in Request request);
    }

    const int LIMIT = 3;

    Request echo(in Request request);
    Status flip(Status status);
    void callBack(ICallback callback, in Request request);
}
