() => {
    const wanted = new URLSearchParams(window.location.search).get(PARAMETER);
    return [TAB_IDS.includes(wanted) ? {__type__: 'update', selected: wanted} : {__type__: 'update'}];
}
