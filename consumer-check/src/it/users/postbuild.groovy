// Run by the invoker after the build of src/it/users (its default postBuildHookScript). Compares each user's
// runtime classpath (dependency:list of *-user) with the one the library is built with (*-built), and checks the
// Kotlin, kotlinx and Ktor artifacts against the parent's version properties.
// kotlinVersion, coroutinesVersion, serializationVersion and ktorVersion come from the invoker's scriptVariables.

// groupId:artifactId[:classifier] -> version, from a dependency:list output file
Map<String, String> resolved(String project) {
    def file = new File(basedir, "$project/target/dependencies.txt")
    assert file.isFile(): "$project wrote no dependency list at $file"
    def versions = new TreeMap<String, String>()
    file.eachLine { line ->
        def coordinates = line.trim().split(/\s+/)[0].split(':')
        if (coordinates.length < 5) return // the heading and blank lines
        // groupId:artifactId:type[:classifier]:version:scope
        def key = coordinates.length == 6 ? "${coordinates[0]}:${coordinates[1]}:${coordinates[3]}" : "${coordinates[0]}:${coordinates[1]}"
        versions[key.toString()] = coordinates[coordinates.length - 2]
    }
    assert !versions.isEmpty(): "$project resolved nothing: $file"
    return versions
}

def families = [
    (~/org\.jetbrains\.kotlin:kotlin-stdlib.*/)             : kotlinVersion,
    (~/org\.jetbrains\.kotlinx:kotlinx-coroutines-.*/)      : coroutinesVersion,
    (~/org\.jetbrains\.kotlinx:kotlinx-serialization-.*/)   : serializationVersion,
    (~/io\.ktor:.*/)                                        : ktorVersion,
]

def problems = []
for (artifact in ['java', 'openai']) {
    def user = resolved("$artifact-user")
    def built = resolved("$artifact-built")
    println "switchboard-$artifact: a user resolves ${user.size()} runtime artifacts, the build ${built.size()}"
    (user.keySet() + built.keySet()).each { key ->
        if (user[key] != built[key]) {
            problems << "switchboard-$artifact: $key is ${user[key] ?: 'absent'} for a user, ${built[key] ?: 'absent'} in the build"
        }
    }
    user.each { key, version ->
        families.each { pattern, expected ->
            if (key ==~ pattern && version != expected) {
                problems << "switchboard-$artifact: $key resolves to $version for a user; the parent's property says $expected"
            }
        }
    }
    assert user.keySet().any { it == 'org.jetbrains.kotlin:kotlin-stdlib' }: "switchboard-$artifact: no kotlin-stdlib on a user's classpath"
}

// The BOM: a user who imports it gets every Switchboard artifact at this version, and it manages exactly the artifacts
// the parent's dependencyManagement does (so a new module cannot be left out of it).
def bomUser = resolved("bom-user")
bomUser.findAll { key, version -> key.startsWith("dev.switchboard:") }.each { key, version ->
    if (version != projectVersion) problems << "bom-user: $key resolves to $version, not $projectVersion"
}
assert bomUser.containsKey("dev.switchboard:switchboard-java"): "bom-user did not resolve switchboard-java: $bomUser"
Set<String> managed(String path) {
    def pom = new groovy.xml.XmlSlurper().parse(new File(path))
    return pom.dependencyManagement.dependencies.dependency
        .findAll { it.groupId.text() == "dev.switchboard" && (it.type.text() ?: "jar") == "jar" }
        .collect { it.artifactId.text() } as TreeSet
}
def inParent = managed(parentPom)
def inBom = managed(bomPom)
if (inParent != inBom) {
    problems << "switchboard-bom manages ${inBom - inParent} that the parent does not, and misses ${inParent - inBom}"
}

if (problems) {
    throw new AssertionError("The published POMs do not pin what the code was built with:\n  " + problems.join("\n  "))
}
println "The published POMs resolve for a user as they were built."
return true
