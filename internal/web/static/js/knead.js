// knead's own script: small progressive enhancements only. Every page works
// without it.
document.documentElement.classList.add("js");
