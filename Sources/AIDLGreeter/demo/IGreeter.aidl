// The demo's greeter service (make demo's binder-demo-service), as AIDL.
package demo;

import demo.IReplier;

interface IGreeter {
    /** "Hello, <name>!" */
    String greet(String name);
    /** Prints the text; counted by notes(). */
    oneway void note(String text);
    /** How many notes arrived. */
    int notes();
    /** Calls the replier back and returns its answer. */
    String callback(IReplier replier);
    /** The first line of the file. */
    String readFirstLine(in ParcelFileDescriptor file);
}
