(query) => {
    const url = new URL(window.location.href);
    url.search = query;
    const link = url.toString();
    navigator.clipboard?.writeText(link).catch(() => {});
    return link;
}
