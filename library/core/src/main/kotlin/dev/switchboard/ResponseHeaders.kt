package dev.switchboard

/** Read access to a response's headers, by case-insensitive name: what codecs and [HttpEventListener]s see. */
public fun interface ResponseHeaders {
    /** The first value of header [name], or null. */
    public operator fun get(name: String): String?
}
