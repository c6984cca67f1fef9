() => {
    document.addEventListener("keydown", (event) => {
        const field = event.target;
        if (event.key !== "Enter" || event.isComposing || !(field instanceof HTMLInputElement)) return;
        if (!["number", "range", "radio"].includes(field.type)) return;
        for (let box = field.parentElement; box && !box.matches(".tabitem, body"); box = box.parentElement) {
            const button = box.querySelector("button.primary");
            if (button) {
                event.preventDefault();
                field.dispatchEvent(new Event("change", { bubbles: true }));  // the typed value first
                setTimeout(() => button.click(), 50);
                return;
            }
        }
    });
}
